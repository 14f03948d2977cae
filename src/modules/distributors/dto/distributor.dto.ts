import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination/pagination';
import { IsCode, IsOptionalNotNull } from '../../../common/validation/decorators';
import { DISTRIBUTOR_STATUSES, type DistributorStatus } from '../distributor.entity';

const tierText = ({ value }: { value: unknown }) => (typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : value);

export class CreateDistributorDto {
  @IsCode()
  @ApiProperty({ example: 'ZJ-GA-001' })
  code!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  /** e.g. general_agent, distributor, sub_distributor. */
  @Transform(tierText)
  @IsOptional()
  @IsString()
  @MaxLength(50)
  tier?: string;

  /** The general agent this distributor works under. */
  @IsCode({ optional: true })
  parentCode?: string;

  @IsCode()
  @ApiProperty({ example: '330000' })
  homeRegionCode!: string;

  @IsOptional()
  @IsIn(DISTRIBUTOR_STATUSES)
  status?: DistributorStatus;
}

export class UpdateDistributorDto {
  @IsOptionalNotNull()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @Transform(tierText)
  @IsOptional()
  @IsString()
  @MaxLength(50)
  tier?: string | null;

  /** null detaches it from its parent. */
  @IsCode({ optional: true })
  parentCode?: string | null;

  @IsCode({ optional: true, nullable: false })
  homeRegionCode?: string;

  @IsOptionalNotNull()
  @IsIn(DISTRIBUTOR_STATUSES)
  status?: DistributorStatus;
}

export class ListDistributorsQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(DISTRIBUTOR_STATUSES)
  status?: DistributorStatus;

  @IsOptional()
  @IsString()
  @MaxLength(50)
  tier?: string;

  @IsCode({ optional: true })
  parentCode?: string;

  /** Distributors whose home region is this region or lies within it. */
  @IsCode({ optional: true })
  homeRegionCode?: string;

  /** Part of the code or name. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class DistributorDto {
  code!: string;
  name!: string;
  tier!: string | null;
  parentCode!: string | null;
  homeRegionCode!: string;
  @ApiProperty({ enum: DISTRIBUTOR_STATUSES })
  status!: DistributorStatus;
  createdAt!: string;
  updatedAt!: string;
}

export class DistributorPageDto {
  items!: DistributorDto[];
  nextCursor!: string | null;
}
