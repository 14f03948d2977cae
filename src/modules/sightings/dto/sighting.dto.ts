import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsISO8601, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination/pagination';
import { IsCode, IsCodeList, IsDecimalAmount } from '../../../common/validation/decorators';
import { TraceDto } from '../../detection/dto/trace.dto';
import { ViolationDto } from '../../violations/dto/violation.dto';
import { PRICE_LEVELS, type PriceLevel } from '../sighting.entity';

export const MAX_SIGHTING_CODES = 200;
const NO_CONTROL = /^[^\u0000-\u001f\u007f]*$/;
const NO_CONTROL_EXCEPT_LINES = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/;

export class CreateSightingDto {
  /** When the rep saw it (ISO 8601 with offset); at most 10 minutes ahead of the server's clock. */
  @IsISO8601({ strict: true })
  observedAt!: string;

  @IsCode()
  regionCode!: string;

  @IsOptional()
  @IsNumber()
  @Min(-90)
  @Max(90)
  lat?: number;

  @IsOptional()
  @IsNumber()
  @Min(-180)
  @Max(180)
  lon?: number;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(NO_CONTROL, { message: 'storeName must not contain control characters' })
  storeName?: string;

  @IsCode()
  sku!: string;

  /** The price seen, greater than 0: on the shelf (retail, checked against the retail floor) or wholesale (not checked). */
  @IsDecimalAmount({ positive: true })
  observedPrice!: string;

  @IsOptional()
  @IsIn(PRICE_LEVELS)
  priceLevel?: PriceLevel;

  /** Scanned codes (serials, case or pallet codes), up to 200. */
  @IsOptional()
  @IsCodeList({ max: MAX_SIGHTING_CODES })
  codes?: string[];

  /** The lot printed on the goods, as shipped (up to 100 characters). */
  @IsOptional()
  @IsString()
  @Matches(/^[^\u0000-\u001f]{1,100}$/, { message: 'lot must be 1-100 characters without control characters' })
  lot?: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @Matches(NO_CONTROL_EXCEPT_LINES, { message: 'note must not contain control characters other than line breaks and tabs' })
  note?: string;
}

export class SightingDto {
  id!: string;
  observedAt!: string;
  observedOn!: string;
  regionCode!: string;
  provinceCode!: string;
  lat!: number | null;
  lon!: number | null;
  storeName!: string | null;
  sku!: string;
  productLine!: string;
  observedPrice!: string;
  @ApiProperty({ enum: PRICE_LEVELS })
  priceLevel!: PriceLevel;
  codes!: string[];
  lot!: string | null;
  note!: string | null;
  reportedBy!: string;
  createdAt!: string;
  /** One per scanned code, then the lot's. */
  @Type(() => TraceDto)
  traces!: TraceDto[];
  /** The violations it opened (or recorded as permitted), as when it was received. */
  @Type(() => ViolationDto)
  violations!: ViolationDto[];
}

export class SightingPageDto {
  @Type(() => SightingDto)
  items!: SightingDto[];
  nextCursor!: string | null;
}

export class ListSightingsQueryDto extends PageQueryDto {
  @IsCode({ optional: true })
  regionCode?: string;

  @IsCode({ optional: true })
  sku?: string;
}
