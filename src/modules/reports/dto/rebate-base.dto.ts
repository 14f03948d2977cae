import { IsString, Matches } from 'class-validator';

export class RebateBaseQueryDto {
  /** The rebate period: a year (2026), a half (2026-H2), a quarter (2026-Q4) or a month (2026-11). */
  @IsString()
  @Matches(/^\d{4}(-(H[12]|Q[1-4]|0[1-9]|1[0-2]))?$/, { message: 'period must be a year (2026), a half (2026-H2), a quarter (2026-Q4) or a month (2026-11)' })
  period!: string;
}

export class RebateBaseRowDto {
  distributorCode!: string;
  /** Units shipped to it in the period (returns netted). */
  shipped!: number;
  /** Units it was confirmed to have dumped outside its territory: taken off its base. */
  dumped!: number;
  /** Units dumped into its territory by others, shared among tied victims (decimal string): credited to its base. */
  credited!: string;
  /** shipped − dumped + credited (decimal string). */
  adjustedBase!: string;
  /** The rebate-chasing signal at the period's end: sell-in of the window before it against the baseline before that. */
  rebateChasing!: { windowSellIn: number; baselineSellIn: number; windowWeekly: number; baselineWeekly: number; flagged: boolean };
}

export class RebateBaseDto {
  period!: string;
  from!: string;
  to!: string;
  /** The rebate-chasing window and baseline the signal compared. */
  window!: { from: string; baselineFrom: string; factor: number };
  items!: RebateBaseRowDto[];
}
