import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination/pagination';

export class ListAuditEventsQueryDto extends PageQueryDto {
  /** e.g. `user`, `incident` */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  entityType?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  entityId?: string;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  actorId?: string;

  /** e.g. `user.created` */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  action?: string;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  requestId?: string;
}

export class AuditActorDto {
  kind!: 'user' | 'api_key' | 'system';
  id!: string | null;
  label!: string;
}

export class AuditEventDto {
  id!: string;
  /** When the change was recorded (ISO 8601). */
  at!: string;
  actor!: AuditActorDto;
  action!: string;
  entityType!: string;
  entityId!: string;
  before!: Record<string, unknown> | null;
  after!: Record<string, unknown> | null;
  requestId!: string | null;
}

export class AuditEventPageDto {
  items!: AuditEventDto[];
  nextCursor!: string | null;
}
