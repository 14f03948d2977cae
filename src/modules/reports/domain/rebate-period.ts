import { addDays } from '../../../common/dates/business-date';

/** A rebate period as written by the channel team: a year, a half, a quarter or a month. */
const PERIOD = /^(\d{4})(?:-(?:H([12])|Q([1-4])|(0[1-9]|1[0-2])))?$/;

/** The first and last day of a rebate period ("2026", "2026-H2", "2026-Q4", "2026-11"), or null when it is not one. */
export function periodRange(period: string): { from: string; to: string } | null {
  const match = PERIOD.exec(period.trim());
  if (!match) return null;
  const [, yearText, half, quarter, month] = match;
  const year = Number(yearText);
  const [firstMonth, months] = half ? [(Number(half) - 1) * 6, 6] : quarter ? [(Number(quarter) - 1) * 3, 3] : month ? [Number(month) - 1, 1] : [0, 12];
  // setUTCFullYear, unlike Date.UTC, takes years below 100 as they are; day 0 of a month is the last of the one before.
  const day = (month: number, date: number) => {
    const at = new Date(0);
    at.setUTCFullYear(year, month, date);
    return at.toISOString().slice(0, 10);
  };
  return { from: day(firstMonth, 1), to: day(firstMonth + months, 0) };
}

/**
 * Where the rebate-chasing signal looks before a period's last day
 * (YYYY-MM-DD): the last `windowWeeks` of it, and the `baselineWeeks` before
 * them, as their first days.
 */
export function watchedWindow(periodEnd: string, settings: { windowWeeks: number; baselineWeeks: number }): { from: string; baselineFrom: string } {
  const from = addDays(periodEnd, -(settings.windowWeeks * 7 - 1));
  return { from, baselineFrom: addDays(from, -settings.baselineWeeks * 7) };
}

/**
 * The rebate-chasing signal (what the seed case calls the root cause): a
 * distributor's weekly sell-in over the last `windowWeeks` of a rebate period
 * more than `factor` times its weekly sell-in over the `baselineWeeks` before
 * them. No baseline (a new distributor), no signal.
 */
export function isRebateChasing(
  windowSellIn: number,
  baselineSellIn: number,
  settings: { windowWeeks: number; baselineWeeks: number; factor: number },
): boolean {
  if (baselineSellIn <= 0) return false;
  return windowSellIn / settings.windowWeeks > settings.factor * (baselineSellIn / settings.baselineWeeks);
}
