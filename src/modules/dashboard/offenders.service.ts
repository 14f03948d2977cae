import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { addDays, monthStart, today } from '../../common/dates/business-date';
import { formatDecimal } from '../../common/money/money';
import { PageQueryDto, pageOf } from '../../common/pagination/pagination';
import { appConfig } from '../../config/configuration';
import { isRebateChasing, watchedWindow } from '../reports/domain/rebate-period';
import { SettingsService } from '../settings/settings.service';
import { riskScore } from './domain/risk-score';
import { OffenderPageDto } from './dto/offenders.dto';

/** How far back recent dumped value reaches. */
const RECENT_DAYS = 90;

/** Every input of the risk score, per distributor with any of them ($1 recent from, $2 window start, $3 window end, $4 chase window start, $5 baseline start, $6 period end). */
const OFFENDER_INPUTS_SQL = `
  WITH dumped AS (
    SELECT offender_code AS code, sum(value_at_floor) AS value FROM violation_daily
    WHERE day >= $1::date AND type IN ('OUT_OF_TERRITORY', 'DIVERTED_GOODS') AND offender_code <> '' GROUP BY 1
  ),
  cases AS (
    SELECT offender_code AS code, count(*)::int AS incidents, count(*) FILTER (WHERE recurrence_of IS NOT NULL)::int AS recurrences
    FROM incident WHERE offender_code IS NOT NULL GROUP BY 1
  ),
  flows AS (SELECT distributor_code AS code, sum(sell_in)::bigint AS sell_in, sum(sell_out)::bigint AS sell_out FROM sell_monthly WHERE month BETWEEN $2::date AND $3::date GROUP BY 1),
  appeals AS (SELECT distributor_code AS code, count(*) FILTER (WHERE status = 'rejected')::int AS rejected FROM violation_appeal GROUP BY 1),
  chase AS (
    SELECT distributor_code AS code, sum(quantity) FILTER (WHERE shipped_on >= $4::date)::bigint AS window_units,
           sum(quantity) FILTER (WHERE shipped_on < $4::date)::bigint AS baseline_units
    FROM shipment_line WHERE shipped_on BETWEEN $5::date AND $6::date GROUP BY 1
  )
  SELECT d.code, d.name, money_text(coalesce(dumped.value, 0)) AS recent_value, coalesce(cases.incidents, 0) AS incidents,
         coalesce(cases.recurrences, 0) AS recurrences, coalesce(flows.sell_in, 0)::text AS sell_in, coalesce(flows.sell_out, 0)::text AS sell_out,
         coalesce(appeals.rejected, 0) AS rejected_appeals, coalesce(chase.window_units, 0)::text AS window_units, coalesce(chase.baseline_units, 0)::text AS baseline_units
  FROM distributor d
  LEFT JOIN dumped ON dumped.code = d.code
  LEFT JOIN cases ON cases.code = d.code
  LEFT JOIN flows ON flows.code = d.code
  LEFT JOIN appeals ON appeals.code = d.code
  LEFT JOIN chase ON chase.code = d.code
  WHERE dumped.code IS NOT NULL OR cases.code IS NOT NULL OR flows.code IS NOT NULL OR appeals.code IS NOT NULL OR chase.code IS NOT NULL`;

/**
 * Distributors ranked by channel risk (GET /dashboard/offenders): the score
 * of domain/risk-score.ts over its inputs, read in one statement.
 */
@Injectable()
export class OffendersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly settings: SettingsService,
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
  ) {}

  async ranking(query: PageQueryDto): Promise<OffenderPageDto> {
    const asOf = today(this.app.businessTimeZone);
    const [detection, reconciliation, rebate] = await Promise.all([this.settings.detection(), this.settings.reconciliation(), this.settings.rebate()]);
    // Unreported volume over the reconciliation's span of months up to the last complete one.
    const windowEnd = monthStart(asOf, -1);
    const windowStart = monthStart(windowEnd, -(reconciliation.windowMonths - 1));
    const periodEnd = latestWatchedPeriodEnd(asOf, rebate.periodEnds, rebate.windowWeeks);
    const { from: chaseFrom, baselineFrom } = watchedWindow(periodEnd, rebate);
    const rows = (await this.dataSource.query(OFFENDER_INPUTS_SQL, [
      addDays(asOf, -(RECENT_DAYS - 1)),
      windowStart,
      windowEnd,
      chaseFrom,
      baselineFrom,
      periodEnd,
    ])) as Array<{
      code: string;
      name: string;
      recent_value: string;
      incidents: number;
      recurrences: number;
      sell_in: string;
      sell_out: string;
      rejected_appeals: number;
      window_units: string;
      baseline_units: string;
    }>;
    const scale = { valueAtFull: detection.severity.valueAtFloor.critical, minSellIn: reconciliation.minSellInUnits };
    const ranked = rows
      .map((row) => {
        const inputs = {
          recentValue: row.recent_value,
          recurrences: row.recurrences,
          sellIn: Number(row.sell_in),
          sellOut: Number(row.sell_out),
          rejectedAppeals: row.rejected_appeals,
          rebateChasing: isRebateChasing(Number(row.window_units), Number(row.baseline_units), rebate),
        };
        const { score, parts, unreportedShare } = riskScore(inputs, scale);
        return {
          distributorCode: row.code,
          name: row.name,
          score,
          parts,
          inputs: {
            recentValueAtFloor: formatDecimal(row.recent_value),
            incidents: row.incidents,
            recurrences: row.recurrences,
            unreportedPercent: Math.round(unreportedShare * 1000) / 10,
            rejectedAppeals: row.rejected_appeals,
            rebateChasing: inputs.rebateChasing,
          },
        };
      })
      .filter((offender) => offender.score > 0)
      .sort((a, b) => b.score - a.score || a.distributorCode.localeCompare(b.distributorCode));
    return { asOf, ...pageOf(ranked, query) };
  }
}

/** The latest rebate period end whose watched window has begun by `asOf` (the one in progress, or the last one ended). */
export function latestWatchedPeriodEnd(asOf: string, periodEnds: string[], windowWeeks: number): string {
  const year = Number(asOf.slice(0, 4));
  const candidates = [year - 1, year, year + 1]
    .flatMap((y) => periodEnds.map((end) => periodEndIn(y, end)))
    .filter((end) => addDays(end, -(windowWeeks * 7 - 1)) <= asOf)
    .sort();
  return candidates[candidates.length - 1] ?? `${year - 1}-12-31`;
}

/** The period end MM-DD in a year, as YYYY-MM-DD: a day past the month's end (02-29 in a common year) is its last day. */
export function periodEndIn(year: number, monthDay: string): string {
  const month = Number(monthDay.slice(0, 2));
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${monthDay.slice(0, 2)}-${String(Math.min(Number(monthDay.slice(3, 5)), lastDay)).padStart(2, '0')}`;
}
