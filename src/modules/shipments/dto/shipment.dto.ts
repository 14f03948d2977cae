import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsISO8601, IsNotEmpty, IsOptional, IsString, MaxLength, NotEquals, ValidateNested } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination/pagination';
import { IsCode, IsDecimalAmount } from '../../../common/validation/decorators';

export const MAX_SHIPMENT_JSON_LINES = 100_000;

export class SerialRangeDto {
  /** First code, e.g. ZJ0000001. */
  @IsCode()
  from!: string;

  /** Last code (inclusive), same prefix and width, e.g. ZJ0100000. */
  @IsCode()
  to!: string;
}

export class ShipmentLineDto {
  @IsCode()
  sku!: string;

  @IsInt()
  @NotEquals(0, { message: 'quantity must not be zero' })
  quantity!: number;

  /** Sell-in unit price, decimal string. */
  @IsDecimalAmount()
  unitPrice!: string;

  /** Shipping a lot to one distributor identifies it (medium confidence). */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  lot?: string | null;

  /** Single serial codes bound to the distributor (high confidence). */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100_000)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(64, { each: true })
  serials?: string[];

  /** Ranges of serials sharing a prefix, each stored as one row however long. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10_000)
  @ValidateNested({ each: true })
  @Type(() => SerialRangeDto)
  serialRanges?: SerialRangeDto[];
}

export class CreateShipmentDto {
  /** The brand's reference; a re-sent shipment with the same content is answered with the first result. */
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  shipmentRef!: string;

  @IsCode()
  distributorCode!: string;

  /** ISO 8601 date-time, e.g. 2026-05-01T08:00:00+08:00. */
  @IsISO8601({ strict: true }, { message: 'shippedAt must be an ISO 8601 date-time such as 2026-05-01T08:00:00+08:00' })
  shippedAt!: string;

  @IsArray()
  @ArrayMinSize(1, { message: 'lines must contain at least 1 line' })
  @ArrayMaxSize(MAX_SHIPMENT_JSON_LINES)
  @ValidateNested({ each: true })
  @Type(() => ShipmentLineDto)
  lines!: ShipmentLineDto[];
}

export class ShipmentResultDto {
  id!: string;
  /** The shipmentRef (the import result's name for it). */
  ref!: string;
  shipmentRef!: string;
  distributorCode!: string;
  shippedAt!: string;
  /** true when the same shipment had been recorded before: nothing new was stored. */
  duplicate!: boolean;
  lines!: number;
  /** Lines stored: all of them, or none for a duplicate. */
  accepted!: number;
  units!: number;
  /** Serial codes bound (a range counts each of its codes). */
  codes!: number;
  /** Violations the shipment raised, by type (CUTOFF_BREACH, once supply cutoffs exist). */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } })
  violations!: Record<string, number>;
  incidentsOpened!: number;
  incidentsUpdated!: number;
}

/** A file of shipments: the import result over all of them, and each one in `items`. */
export class ShipmentImportResultDto {
  /** The shipment's id when the file holds one shipment, else null. */
  id!: string | null;
  /** The shipmentRef when the file holds one shipment, else null. */
  ref!: string | null;
  /** The distributor when every shipment in the file goes to one, else null. */
  distributorCode!: string | null;
  /** true when every shipment in the file had been recorded before. */
  duplicate!: boolean;
  shipments!: number;
  created!: number;
  duplicates!: number;
  lines!: number;
  accepted!: number;
  units!: number;
  codes!: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } })
  violations!: Record<string, number>;
  incidentsOpened!: number;
  incidentsUpdated!: number;
  items!: ShipmentResultDto[];
}

export class ListShipmentsQueryDto extends PageQueryDto {
  @IsCode({ optional: true })
  distributorCode?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  shipmentRef?: string;

  /** Shipped at or after this moment. */
  @IsOptional()
  @IsISO8601()
  from?: string;

  /** Shipped before this moment. */
  @IsOptional()
  @IsISO8601()
  to?: string;
}

export class ShipmentDto {
  id!: string;
  shipmentRef!: string;
  distributorCode!: string;
  shippedAt!: string;
  lineCount!: number;
  unitCount!: number;
  codeCount!: number;
  source!: 'json' | 'csv';
  createdAt!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } })
  violations!: Record<string, number>;
}

export class SerialRangeViewDto {
  from!: string;
  to!: string;
  /** How many codes the range holds. */
  count!: number;
}

export class ShipmentLineViewDto {
  lineNo!: number;
  sku!: string;
  quantity!: number;
  unitPrice!: string;
  lot!: string | null;
  serials!: string[];
  serialRanges!: SerialRangeViewDto[];
}

export class ShipmentDetailDto extends ShipmentDto {
  /** The first 1,000 lines. */
  lines!: ShipmentLineViewDto[];
}

export class ShipmentPageDto {
  items!: ShipmentDto[];
  nextCursor!: string | null;
}
