export class OffenderDto {
  distributorCode!: string;
  name!: string;
  /** 0 to 100: see the README for the formula. */
  score!: number;
  /** The points each part gave. */
  parts!: { recentValue: number; recurrences: number; unreported: number; rejectedAppeals: number; rebateChasing: number };
  inputs!: {
    /** Value at floor dumped out of territory over the last 90 days (decimal string). */
    recentValueAtFloor: string;
    incidents: number;
    recurrences: number;
    /** Share of sell-in not reported over the reconciliation window, in percent. */
    unreportedPercent: number;
    rejectedAppeals: number;
    rebateChasing: boolean;
  };
}

export class OffenderPageDto {
  asOf!: string;
  items!: OffenderDto[];
  nextCursor!: string | null;
}
