import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination/pagination';
import { IsBusinessDate, IsCode, IsDecimalAmount, IsLabel, IsNotBefore } from '../../../common/validation/decorators';
import { FLOOR_LEVELS, type FloorLevel } from '../price-floor.entity';

export class CreatePriceFloorDto {
  /** The SKU the floor is for; give exactly one of sku and productLine. */
  @IsCode({ optional: true })
  sku?: string | null;

  /** A whole product line; a SKU floor beats it. */
  @IsLabel({ optional: true })
  productLine?: string | null;

  /** Limit to a region and its descendants; absent: everywhere. */
  @IsCode({ optional: true })
  regionCode?: string | null;

  /** Limit to one channel; absent: every channel. */
  @IsLabel({ optional: true })
  channel?: string | null;

  /** distributor: checked against sales reports; retail: the shelf price, checked against sightings. */
  @IsIn(FLOOR_LEVELS, { message: `level must be one of: ${FLOOR_LEVELS.join(', ')}` })
  @ApiProperty({ enum: FLOOR_LEVELS })
  level!: FloorLevel;

  /** The minimum unit price, e.g. "12.50". */
  @IsDecimalAmount({ positive: true })
  minUnitPrice!: string;

  @IsBusinessDate()
  validFrom!: string;

  @IsOptional()
  @IsBusinessDate()
  @IsNotBefore('validFrom')
  validTo?: string | null;
}

export class EndPriceFloorDto {
  /** The floor's new last day (inclusive). */
  @IsBusinessDate()
  validTo!: string;
}

export class ListPriceFloorsQueryDto extends PageQueryDto {
  @IsCode({ optional: true })
  sku?: string;

  @IsLabel({ optional: true })
  productLine?: string;

  @IsCode({ optional: true })
  regionCode?: string;

  @IsLabel({ optional: true })
  channel?: string;

  @IsOptional()
  @IsIn(FLOOR_LEVELS)
  level?: FloorLevel;

  /** Only floors valid on this day. */
  @IsOptional()
  @IsBusinessDate()
  activeOn?: string;
}

export class ApplicableFloorQueryDto {
  @IsCode()
  sku!: string;

  /** Where the sale or sighting happened; absent: only floors without a region apply. */
  @IsCode({ optional: true })
  regionCode?: string;

  /** Absent: only all-channel floors apply. */
  @IsLabel({ optional: true })
  channel?: string;

  /** Default: distributor. */
  @IsOptional()
  @IsIn(FLOOR_LEVELS)
  level?: FloorLevel;

  /** Default: today. */
  @IsOptional()
  @IsBusinessDate()
  date?: string;
}

export class PriceFloorDto {
  id!: string;
  sku!: string | null;
  productLine!: string | null;
  regionCode!: string | null;
  channel!: string | null;
  @ApiProperty({ enum: FLOOR_LEVELS })
  level!: FloorLevel;
  /** Decimal string, e.g. "12.50". */
  minUnitPrice!: string;
  validFrom!: string;
  validTo!: string | null;
  createdAt!: string;
}

export class PriceFloorListDto {
  items!: PriceFloorDto[];
}

export class PriceFloorPageDto {
  items!: PriceFloorDto[];
  nextCursor!: string | null;
}

export class ApplicableFloorDto {
  /** The floor §4's precedence picks, or null: no price check. */
  floor!: PriceFloorDto | null;
  sku!: string;
  productLine!: string;
  regionCode!: string | null;
  channel!: string | null;
  @ApiProperty({ enum: FLOOR_LEVELS })
  level!: FloorLevel;
  date!: string;
}
