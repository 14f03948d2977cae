import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
  Min,
  NotEquals,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '../../../common/pagination/pagination';
import { IsBusinessDate, IsCode, IsDecimalAmount, IsLabel } from '../../../common/validation/decorators';
import { toBoolean } from '../../users/dto/user.dto';

export const MAX_JSON_LINES = 100_000;

/** The distributor's own reference for a report: any text up to 200 characters. */
const IsReportRef = () =>
  applyDecorators(
    Transform(({ value }) => (typeof value === 'string' ? value.trim() : value)),
    IsString(),
    IsNotEmpty(),
    MaxLength(200),
  );

export class SalesLineDto {
  /** Unique within the report. */
  @IsInt()
  @Min(1)
  lineNo!: number;

  @IsBusinessDate()
  saleDate!: string;

  @IsCode()
  sku!: string;

  /** A non-zero whole number; negative is a return (never a violation). */
  @IsInt()
  @NotEquals(0, { message: 'quantity must not be zero (negative quantities are returns)' })
  quantity!: number;

  /** Decimal string, zero or more, e.g. "12.50". */
  @IsDecimalAmount()
  unitPrice!: string;

  @IsLabel({ optional: true })
  channel?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  customerRef?: string | null;

  @IsCode()
  shipToRegionCode!: string;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  lot?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  serial?: string | null;
}

export class CreateSalesReportDto {
  /** The distributor's own reference; re-sending it with the same content is answered with the first result. */
  @IsReportRef()
  reportRef!: string;

  @IsCode()
  distributorCode!: string;

  @IsArray()
  @ArrayMinSize(1, { message: 'lines must contain at least 1 line' })
  @ArrayMaxSize(MAX_JSON_LINES, { message: `lines may hold at most ${MAX_JSON_LINES} lines; upload larger reports as CSV` })
  @ValidateNested({ each: true })
  @Type(() => SalesLineDto)
  lines!: SalesLineDto[];
}

export class SupersedeQueryDto {
  /** Replace an earlier report with the same reportRef (a correction). */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  supersede?: boolean;
}

export class ImportSalesReportQueryDto extends SupersedeQueryDto {
  /** Whose report; a distributor principal may omit it (its own) and may not name another. */
  @IsCode({ optional: true })
  distributorCode?: string;

  @IsReportRef()
  reportRef!: string;
}

export class ImportResultDto {
  /** The report's id. */
  id!: string;
  ref!: string;
  distributorCode!: string;
  /** true when the same content had been received before: nothing new was stored. */
  duplicate!: boolean;
  lines!: number;
  accepted!: number;
  /** Active violations found, by type. */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { OUT_OF_TERRITORY: 12, BELOW_FLOOR: 30 } })
  violations!: Record<string, number>;
  /** Out-of-territory lines a transfer permit covered (recorded as permitted). */
  permitted!: number;
  incidentsOpened!: number;
  incidentsUpdated!: number;
  /** The report this one replaced, with ?supersede=true. */
  supersededReportId!: string | null;
}

export class ListSalesReportsQueryDto extends PageQueryDto {
  @IsCode({ optional: true })
  distributorCode?: string;

  @IsOptional()
  @IsIn(['active', 'superseded'])
  status?: 'active' | 'superseded';

  @IsOptional()
  @IsString()
  @MaxLength(200)
  reportRef?: string;
}

export class SalesReportDto {
  id!: string;
  reportRef!: string;
  distributorCode!: string;
  status!: 'active' | 'superseded';
  lineCount!: number;
  source!: 'json' | 'csv';
  supersedesId!: string | null;
  receivedAt!: string;
  /** Active violations from its lines, by type. */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } })
  violations!: Record<string, number>;
  permitted!: number;
  /** The result answered at upload. */
  result!: ImportResultDto;
}

export class SalesReportPageDto {
  items!: SalesReportDto[];
  nextCursor!: string | null;
}

export class SalesLineViewDto {
  lineNo!: number;
  saleDate!: string;
  sku!: string;
  productLine!: string;
  quantity!: number;
  unitPrice!: string;
  channel!: string | null;
  customerRef!: string | null;
  shipToRegionCode!: string;
  provinceCode!: string | null;
  lot!: string | null;
  serial!: string | null;
}

export class SalesLinePageDto {
  items!: SalesLineViewDto[];
  nextCursor!: string | null;
}
