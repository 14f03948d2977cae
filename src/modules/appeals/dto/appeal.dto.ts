import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination/pagination';
import { IsCode } from '../../../common/validation/decorators';
import { APPEAL_STATUSES, type AppealStatus } from '../violation-appeal.entity';

export class CreateAppealDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(4_000)
  reason!: string;

  /** What supports it: documents, references, an explanation of the goods' route. */
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  evidence?: string;
}

export class DecideAppealDto {
  /** Why (required to reject). */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(4_000)
  reason?: string;
}

export class AppealDto {
  id!: string;
  violationId!: string;
  incidentId!: string | null;
  distributorCode!: string;
  reason!: string;
  evidence!: string | null;
  @ApiProperty({ enum: APPEAL_STATUSES })
  status!: AppealStatus;
  createdAt!: string;
  decidedBy!: string | null;
  decidedAt!: string | null;
  decisionReason!: string | null;
}

export class AppealPageDto {
  items!: AppealDto[];
  nextCursor!: string | null;
}

export class ListAppealsQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(APPEAL_STATUSES)
  status?: AppealStatus;

  @IsOptional()
  @IsUUID('all')
  violationId?: string;

  @IsOptional()
  @IsUUID('all')
  incidentId?: string;

  @IsCode({ optional: true })
  distributorCode?: string;
}
