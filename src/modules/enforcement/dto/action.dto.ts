import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsISO8601, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination/pagination';
import { IsCode, IsCodeList, IsDecimalAmount, IsOptionalNotNull } from '../../../common/validation/decorators';
import { toBoolean } from '../../users/dto/user.dto';
import { ACTION_TYPES, type ActionType } from '../incident-action.entity';

export class CreateActionDto {
  @ApiProperty({ enum: ACTION_TYPES })
  @IsIn(ACTION_TYPES)
  type!: ActionType;

  @IsOptionalNotNull()
  @IsString()
  @MaxLength(2_000)
  note?: string;

  /** A rebate deduction's or a fine's amount (decimal string, > 0). */
  @IsOptionalNotNull()
  @IsDecimalAmount({ positive: true })
  amount?: string;

  /** The rebate period a deduction applies to, e.g. "2026" or "2026-H2". */
  @IsOptionalNotNull()
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  rebatePeriod?: string;

  /** Whom the action concerns; the incident's offender when left out. */
  @IsCode({ optional: true, nullable: false })
  distributorCode?: string;

  /** A cutoff's product lines; with skus, its scope (neither: everything). */
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(100, { each: true })
  productLines?: string[];

  @IsOptionalNotNull()
  @IsCodeList({ max: 1000 })
  skus?: string[];

  /** When a cutoff starts (ISO 8601); now when left out. */
  @IsOptionalNotNull()
  @IsISO8601({ strict: true })
  startsAt?: string;

  /** A cutoff's planned end (ISO 8601): it ends by itself then. */
  @IsOptionalNotNull()
  @IsISO8601({ strict: true })
  endsAt?: string;
}

export class ActionDto {
  id!: string;
  incidentId!: string;
  @ApiProperty({ enum: ACTION_TYPES })
  type!: ActionType;
  distributorCode!: string;
  /** Decimal string, for rebate deductions and fines. */
  amount!: string | null;
  rebatePeriod!: string | null;
  note!: string | null;
  /** For a supply cutoff: its id (POST /cutoffs/:id/lift), scope and period. */
  cutoffId?: string;
  productLines?: string[];
  skus?: string[];
  startsAt?: string;
  endsAt?: string;
  liftedAt?: string | null;
  active?: boolean;
  createdBy!: string;
  createdAt!: string;
}

export class CutoffDto {
  id!: string;
  incidentId!: string;
  distributorCode!: string;
  productLines!: string[];
  skus!: string[];
  startsAt!: string;
  endsAt!: string;
  liftedAt!: string | null;
  liftReason!: string | null;
  /** In force now: started, not past its planned end, not lifted. */
  active!: boolean;
  note!: string | null;
  createdAt!: string;
}

export class CutoffPageDto {
  items!: CutoffDto[];
  nextCursor!: string | null;
}

export class ListCutoffsQueryDto extends PageQueryDto {
  @IsCode({ optional: true })
  distributorCode?: string;

  @IsOptional()
  @IsUUID('all')
  incidentId?: string;

  /** Only the cutoffs in force now (true) or not (false). */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  active?: boolean;
}

export class LiftCutoffDto {
  @IsOptional()
  @IsString()
  @MaxLength(2_000)
  reason?: string;
}

export class SupplyCheckQueryDto {
  @IsCode()
  distributorCode!: string;

  @IsCode()
  sku!: string;
}

export class SupplyCheckDto {
  /** False while a cutoff covering the SKU is in force for the distributor. */
  allowed!: boolean;
  /** "allowed" or "blocked". */
  @ApiProperty({ enum: ['allowed', 'blocked'] })
  decision!: 'allowed' | 'blocked';
  distributorCode!: string;
  sku!: string;
  productLine!: string;
  /** The cutoffs in force that cover the SKU. */
  cutoffs!: CutoffDto[];
}

export class LedgerEntryDto {
  id!: string;
  incidentId!: string;
  incidentNumber!: string;
  @ApiProperty({ enum: ['warning', 'rebate_deduction', 'fine'] })
  type!: ActionType;
  /** Signed decimal string: what the penalty takes from the distributor is negative; a warning is 0.00. */
  amount!: string;
  rebatePeriod!: string | null;
  note!: string | null;
  at!: string;
}

export class LedgerDto {
  distributorCode!: string;
  /** The sum of all its entries (signed decimal string). */
  balance!: string;
  items!: LedgerEntryDto[];
  nextCursor!: string | null;
}
