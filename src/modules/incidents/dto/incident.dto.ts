import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination/pagination';
import { IsCode, IsLabel } from '../../../common/validation/decorators';
import { toBoolean } from '../../users/dto/user.dto';
import { INCIDENT_STATUSES, SEVERITIES, type IncidentStatus, type Severity } from '../incident.entity';

export class ListIncidentsQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(INCIDENT_STATUSES)
  status?: IncidentStatus;

  @IsOptional()
  @IsIn(SEVERITIES)
  severity?: Severity;

  @IsCode({ optional: true })
  offenderCode?: string;

  /** Same as offenderCode. */
  @IsCode({ optional: true })
  offender?: string;

  /** Incidents whose destination, or a region they hit, lies in this region. */
  @IsCode({ optional: true })
  regionCode?: string;

  /** Same as regionCode. */
  @IsCode({ optional: true })
  region?: string;

  @IsLabel({ optional: true })
  productLine?: string;

  @IsOptional()
  @IsUUID('all')
  assigneeId?: string;

  /** Same as assigneeId. */
  @IsOptional()
  @IsUUID('all')
  assignee?: string;

  /** Only incidents past their due time. */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  overdue?: boolean;
}

export class IncidentScaleDto {
  /** Units dumped (a line counts once even with two violations). */
  units!: number;
  /** Units × the applicable floor (or the price where no floor applies), decimal string. */
  valueAtFloor!: string;
  /** Units × (floor − price) where sold below the floor, decimal string. */
  priceErosion!: string;
  regionCodes!: string[];
  victimCodes!: string[];
}

export class AssessmentViewDto {
  confirmedUnits!: number;
  /** Decimal string. */
  confirmedValue!: string;
  findings!: string;
  confirmedBy!: string;
  confirmedAt!: string;
}

export class IncidentDto {
  id!: string;
  /** INC-2026-000123 */
  number!: string;
  @ApiProperty({ enum: INCIDENT_STATUSES })
  status!: IncidentStatus;
  @ApiProperty({ enum: SEVERITIES })
  severity!: Severity;
  /** Send as If-Match with transitions. */
  version!: number;
  offenderCode!: string | null;
  productLine!: string;
  /** The destination province. */
  destinationRegionCode!: string;
  assigneeId!: string | null;
  scale!: IncidentScaleDto;
  violationCount!: number;
  firstSeenOn!: string | null;
  lastSeenOn!: string | null;
  /** The resolved or closed incident this one repeats. */
  recurrenceOf!: string | null;
  /** When the current state's SLA runs out; null once resolved, closed or dismissed. */
  dueAt!: string | null;
  overdue!: boolean;
  statusChangedAt!: string;
  /** What confirmed it (managers only). */
  assessment!: AssessmentViewDto | null;
  dismissalReason!: string | null;
  openedAt!: string;
  updatedAt!: string;
}

export class PartySummaryDto {
  code!: string;
  name!: string | null;
}

export class ViolationsSummaryDto {
  total!: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } })
  byType!: Record<string, number>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } })
  byStatus!: Record<string, number>;
}

/** An incident with its parties and its violations summary. */
export class IncidentSummaryDto extends IncidentDto {
  offender!: PartySummaryDto | null;
  victims!: PartySummaryDto[];
  violationsSummary!: ViolationsSummaryDto;
}

export class IncidentPageDto {
  items!: IncidentDto[];
  nextCursor!: string | null;
}
