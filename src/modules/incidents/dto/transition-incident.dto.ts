import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsObject, IsOptional, IsString, IsUUID, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { IsDecimalAmount } from '../../../common/validation/decorators';
import { INCIDENT_STATUSES, type IncidentStatus } from '../incident.entity';

/** What the investigation established: required to confirm. */
export class AssessmentDto {
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  confirmedUnits!: number;

  /** Decimal string, e.g. "182400.00". */
  @IsDecimalAmount()
  confirmedValue!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(10_000)
  findings!: string;
}

export class TransitionIncidentDto {
  @ApiProperty({ enum: INCIDENT_STATUSES })
  @IsIn(INCIDENT_STATUSES)
  to!: IncidentStatus;

  /** The user who investigates (a channel_manager or an admin): needed to start investigating unless one is assigned. */
  @IsOptional()
  @IsUUID('all')
  assigneeId?: string;

  /** Needed to confirm. */
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => AssessmentDto)
  assessment?: AssessmentDto;

  /** Needed to dismiss. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2_000)
  reason?: string;

  /** Goes on the timeline with the transition. */
  @IsOptional()
  @IsString()
  @MaxLength(2_000)
  note?: string;
}

export class NextStateDto {
  @ApiProperty({ enum: INCIDENT_STATUSES })
  to!: IncidentStatus;
  /** Whether the caller may make this move now (what the request must carry aside: see requires). */
  allowed!: boolean;
  /** Why not, when not allowed. */
  reason!: string | null;
  /** What the transition request must carry for this move. */
  requires!: string[];
}

export class NextStatesDto {
  @ApiProperty({ enum: INCIDENT_STATUSES })
  status!: IncidentStatus;
  /** Send as If-Match. */
  version!: number;
  items!: NextStateDto[];
}

export class AssignIncidentDto {
  /** A channel_manager or an admin. */
  @IsUUID('all')
  assigneeId!: string;

  @IsOptional()
  @IsString()
  @MaxLength(2_000)
  note?: string;
}

export class CreateCommentDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(10_000)
  body!: string;
}

export class CommentDto {
  id!: string;
  incidentId!: string;
  body!: string;
  authorId!: string | null;
  authorLabel!: string;
  at!: string;
}

export class TimelineEntryDto {
  at!: string;
  /** violations_joined, transition, comment, action, cutoff_lifted, claim, appeal, ... */
  kind!: string;
  /** The recorded action, e.g. incident.transitioned, claim.approved. */
  action!: string;
  actor!: { kind: string; id: string | null; label: string } | null;
  @ApiProperty({ type: 'object', additionalProperties: true })
  details!: Record<string, unknown>;
}

export class TimelineDto {
  incidentId!: string;
  items!: TimelineEntryDto[];
  nextCursor!: string | null;
}
