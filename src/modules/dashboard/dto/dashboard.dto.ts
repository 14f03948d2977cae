import { ApiProperty } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsBusinessDate, IsCode, IsLabel, IsNotBefore } from '../../../common/validation/decorators';

export class DashboardQueryDto {
  /** First business day (YYYY-MM-DD); 29 days before `to` when left out. */
  @IsOptional()
  @IsBusinessDate()
  from?: string;

  /** Last business day, inclusive; today when left out. */
  @IsOptional()
  @IsBusinessDate()
  @IsNotBefore('from')
  to?: string;

  /** Only what happened in this region and below (violations by where they happened, incidents by their destination). */
  @IsCode({ optional: true })
  region?: string;

  /** Same as region. */
  @IsCode({ optional: true })
  regionCode?: string;

  @IsLabel({ optional: true })
  productLine?: string;
}

type Counts = Record<string, number>;

export class DashboardSummaryDto {
  from!: string;
  to!: string;
  regionCode!: string | null;
  incidents!: {
    /** Incidents opened in the period, by their status now. */
    byStatus: Counts;
    bySeverity: Counts;
    opened: number;
    resolved: number;
    /** Incidents past their SLA now (whenever opened). */
    overdue: number;
    /** Mean hours from opening to resolution of the incidents resolved in the period; null when none was. */
    meanTimeToResolveHours: number | null;
  };
  violations!: { total: number; byType: Counts };
  /** Units and value dumped out of territory (a line counts once), price erosion below the floors: decimal strings. */
  dumped!: { units: number; valueAtFloor: string; priceErosion: string };
  /** Supply cutoffs in force now. */
  activeCutoffs!: number;
  /** Claims of the period's incidents by status: amounts (decimal strings) and counts. */
  compensation!: { proposed: string; approved: string; paid: string; rejected: string; claims: Counts };
  /** Penalties taken in the period: amounts of rebate deductions and fines (decimal strings), and counts by type. */
  penalties!: { amount: string; byType: Counts; amountByType: Record<string, string> };
}

export class FlowDto {
  /** The province of the offender's home region. */
  originRegionCode!: string;
  /** The province the goods were dumped into. */
  destinationRegionCode!: string;
  units!: number;
  /** Units × the floor (or the price where none applies), decimal string. */
  value!: string;
  violations!: number;
}

export class FlowsDto {
  from!: string;
  to!: string;
  items!: FlowDto[];
}

export class WeekDto {
  /** The Monday the week starts on. */
  weekStart!: string;
  violations!: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } })
  violationsByType!: Counts;
  incidentsOpened!: number;
  incidentsResolved!: number;
}

export class WeeklyDto {
  from!: string;
  to!: string;
  items!: WeekDto[];
}

export class PriceErosionRowDto {
  /** The destination province. */
  regionCode!: string;
  productLine!: string;
  /** Units sold there (returns aside); the median price to within 0.5% (prices kept in 1% steps); units sold below the distributor floor and their share in percent. */
  sales!: { units: number; medianPrice: string | null; unitsBelowFloor: number; shareBelowFloorPercent: number | null };
  /** Sightings there: the median observed price (exact), those below the retail floor and their share in percent. */
  sightings!: { count: number; medianPrice: string | null; belowFloor: number; shareBelowFloorPercent: number | null };
  /** The product line's floors in the province on the last day of the period (a SKU's own floor may differ). */
  floors!: { distributor: string | null; retail: string | null };
}

export class PriceErosionDto {
  /** The whole months read, YYYY-MM. */
  fromMonth!: string;
  toMonth!: string;
  items!: PriceErosionRowDto[];
}
