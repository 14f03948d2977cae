import { compareDecimal, toScaled } from '../../../common/money/money';

/** What the risk score of a distributor is made of. */
export interface RiskInputs {
  /** Value at floor it dumped out of territory over the last 90 days (decimal string). */
  recentValue: string;
  /** Its incidents that repeat a resolved or closed one. */
  recurrences: number;
  /** Sell-in and reported sell-out over the reconciliation window (units). */
  sellIn: number;
  sellOut: number;
  /** Its appeals that were rejected. */
  rejectedAppeals: number;
  /** The rebate-chasing signal at the latest rebate period end. */
  rebateChasing: boolean;
}

export interface RiskScale {
  /** The recent value that scores in full: the critical severity threshold (decimal string). */
  valueAtFull: string;
  /** Below this sell-in over the window, unreported volume does not count. */
  minSellIn: number;
}

/** The weights (points out of 100), as the README documents them. */
export const RISK_WEIGHTS = { recentValue: 40, recurrences: 15, unreported: 20, rejectedAppeals: 10, rebateChasing: 15 } as const;
/** Counts that score in full. */
const FULL_AT = { recurrences: 3, rejectedAppeals: 3 };

/**
 * A distributor's channel risk, 0 to 100: 40 × min(1, recent value / the
 * critical value threshold) + 15 × min(1, recurrences / 3) + 20 × the share of
 * sell-in it did not report over the window (with enough sell-in) + 10 ×
 * min(1, rejected appeals / 3) + 15 if it chased the last rebate. Rounded to
 * a whole point; each part is answered with it.
 */
export function riskScore(inputs: RiskInputs, scale: RiskScale): { score: number; parts: Record<keyof typeof RISK_WEIGHTS, number>; unreportedShare: number } {
  const value = compareDecimal(inputs.recentValue, '0') <= 0 ? 0 : Math.min(1, ratio(inputs.recentValue, scale.valueAtFull));
  const unreportedShare = inputs.sellIn >= Math.max(scale.minSellIn, 1) ? Math.max(0, 1 - inputs.sellOut / inputs.sellIn) : 0;
  const parts = {
    recentValue: RISK_WEIGHTS.recentValue * value,
    recurrences: RISK_WEIGHTS.recurrences * Math.min(1, inputs.recurrences / FULL_AT.recurrences),
    unreported: RISK_WEIGHTS.unreported * Math.min(1, unreportedShare),
    rejectedAppeals: RISK_WEIGHTS.rejectedAppeals * Math.min(1, inputs.rejectedAppeals / FULL_AT.rejectedAppeals),
    rebateChasing: inputs.rebateChasing ? RISK_WEIGHTS.rebateChasing : 0,
  };
  const rounded = Object.fromEntries(Object.entries(parts).map(([key, points]) => [key, Math.round(points * 10) / 10])) as typeof parts;
  return { score: Math.round(Object.values(parts).reduce((sum, points) => sum + points, 0)), parts: rounded, unreportedShare };
}

/** a / b of two decimal strings, as a number (exact enough for a score). */
function ratio(a: string, b: string): number {
  const denominator = toScaled(b);
  if (denominator <= 0n) return 1;
  return Number((toScaled(a) * 1_000_000n) / denominator) / 1_000_000;
}
