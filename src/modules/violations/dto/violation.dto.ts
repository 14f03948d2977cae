import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination/pagination';
import { IsBusinessDate, IsCode, IsLabel } from '../../../common/validation/decorators';
import { SOURCE_KINDS, VIOLATION_STATUSES, VIOLATION_TYPES, type SourceKind, type ViolationStatus, type ViolationType } from '../violation.entity';

export class ListViolationsQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(VIOLATION_TYPES)
  type?: ViolationType;

  /** Default: active and permitted; voided only when asked for. */
  @IsOptional()
  @IsIn(VIOLATION_STATUSES)
  status?: ViolationStatus;

  @IsCode({ optional: true })
  offenderCode?: string;

  /** Same as offenderCode. */
  @IsCode({ optional: true })
  offender?: string;

  /** Violations in this region or below it. */
  @IsCode({ optional: true })
  regionCode?: string;

  /** Same as regionCode. */
  @IsCode({ optional: true })
  region?: string;

  /** Violations on this day. */
  @IsOptional()
  @IsBusinessDate()
  date?: string;

  /** From this day (inclusive). */
  @IsOptional()
  @IsBusinessDate()
  from?: string;

  /** To this day (inclusive). */
  @IsOptional()
  @IsBusinessDate()
  to?: string;

  @IsOptional()
  @IsUUID('all')
  incidentId?: string;

  /** Same as incidentId. */
  @IsOptional()
  @IsUUID('all')
  incident?: string;

  @IsOptional()
  @IsUUID('all')
  reportId?: string;

  @IsCode({ optional: true })
  sku?: string;

  @IsLabel({ optional: true })
  productLine?: string;

  @IsOptional()
  @IsIn(SOURCE_KINDS)
  sourceKind?: SourceKind;
}

export class ViolationSourceDto {
  @ApiProperty({ enum: SOURCE_KINDS })
  kind!: SourceKind;
  /** The source object: a sales report (with reportRef and lineNo), a sighting, a shipment, ... */
  id!: string;
  reportRef?: string;
  lineNo?: number;
}

export class ViolationDto {
  id!: string;
  @ApiProperty({ enum: VIOLATION_TYPES })
  type!: ViolationType;
  @ApiProperty({ enum: VIOLATION_STATUSES })
  status!: ViolationStatus;
  source!: ViolationSourceDto;
  offenderCode!: string | null;
  victimCodes!: string[];
  regionCode!: string;
  provinceCode!: string | null;
  sku!: string | null;
  productLine!: string | null;
  quantity!: number | null;
  unitPrice!: string | null;
  floorPrice!: string | null;
  occurredOn!: string;
  @ApiProperty({ enum: ['high', 'medium'], nullable: true })
  confidence!: 'high' | 'medium' | null;
  incidentId!: string | null;
  permitId!: string | null;
  /** What produced it: the line or sighting, the floor applied, the grants considered, ... */
  evidence!: Record<string, unknown>;
  voidReason!: string | null;
  detectedAt!: string;
}

export class ViolationPageDto {
  items!: ViolationDto[];
  nextCursor!: string | null;
}
