import { IsInt, Max, Min } from 'class-validator';

/** When reported sell-out falling short of sell-in raises UNREPORTED_VOLUME. */
export class ReconciliationSettingsDto {
  /** Sell-out may fall this many percent short of sell-in over the window (default 20). */
  @IsInt()
  @Min(0)
  @Max(100)
  tolerancePercent!: number;

  /** The window: this many whole months, up to the last complete one (default 3). */
  @IsInt()
  @Min(1)
  @Max(24)
  windowMonths!: number;

  /** Below this much sell-in over the window nothing is raised (default 100 units). */
  @IsInt()
  @Min(0)
  minSellInUnits!: number;

  /** How often the reconciliation runs (default every 60 minutes; one instance runs it). */
  @IsInt()
  @Min(1)
  @Max(10_080)
  runEveryMinutes!: number;
}
