import { IsOptional, Matches } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination/pagination';
import { IsCode, IsLabel } from '../../../common/validation/decorators';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export class ReconciliationQueryDto extends PageQueryDto {
  /** First month, YYYY-MM (default: eleven months before `to`). */
  @IsOptional()
  @Matches(MONTH, { message: 'from must be a month as YYYY-MM' })
  from?: string;

  /** Last month, YYYY-MM (default: this month). */
  @IsOptional()
  @Matches(MONTH, { message: 'to must be a month as YYYY-MM' })
  to?: string;

  @IsCode({ optional: true })
  distributorCode?: string;

  @IsLabel({ optional: true })
  productLine?: string;
}

export class ReconciliationRowDto {
  distributorCode!: string;
  /** YYYY-MM */
  month!: string;
  productLine!: string;
  /** Units shipped to the distributor (returns netted). */
  sellIn!: number;
  /** Units it reported selling (its active reports). */
  sellOut!: number;
  /** sellOut as a percentage of sellIn (one decimal), null without sell-in. */
  reportedPercent!: number | null;
  /** sellIn − sellOut. */
  unreported!: number;
}

export class ReconciliationPageDto {
  items!: ReconciliationRowDto[];
  nextCursor!: string | null;
}

export class ReconciliationRunDto {
  /** False when another instance was running it: nothing was done. */
  ran!: boolean;
  /** The months compared, YYYY-MM. */
  window!: { from: string; to: string } | null;
  /** UNREPORTED_VOLUME violations raised (none twice for one window). */
  violations!: number;
  incidentsOpened!: number;
  incidentsUpdated!: number;
  startedAt!: string;
}
