import { ApiProperty, PickType } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsBusinessDate, IsCode } from '../../../common/validation/decorators';
import { GrantDto } from '../../distributors/dto/territory.dto';
import { TRACE_OUTCOMES, type TraceConfidence, type TraceOutcome } from '../domain/trace-outcome';

export class TraceQueryDto {
  /** The SKU on the goods: a code or lot shipped as another SKU answers sku_mismatch. */
  @IsCode({ optional: true })
  sku?: string;

  /** The day whose territory is shown (YYYY-MM-DD); today in the business time zone unless given. */
  @IsOptional()
  @IsBusinessDate()
  date?: string;
}

/** A grant of the traced distributor: where it may sell. */
export class TraceTerritoryDto extends PickType(GrantDto, ['regionCode', 'productLine', 'channel', 'validFrom', 'validTo', 'exclusive'] as const) {}

export class TraceDto {
  /** The scanned code (absent for a lot). */
  code?: string;
  /** The lot (absent for a code). */
  lot?: string;
  @ApiProperty({ enum: TRACE_OUTCOMES })
  outcome!: TraceOutcome;
  @ApiProperty({ enum: ['high', 'medium'], nullable: true, type: String })
  confidence!: TraceConfidence;
  /** The distributor the goods were shipped to; null when unknown or ambiguous. */
  distributorCode!: string | null;
  /** The distributors a lot was shipped to, when it cannot tell them apart. */
  candidates!: string[];
  shipmentRef!: string | null;
  shippedAt!: string | null;
  /** The SKU shipped under this code or lot. */
  sku!: string | null;
  /** For a packed code: the cases and pallets it was traced through, up to the one a shipment bound. */
  via!: string[];
  /** Where the traced distributor may sell on the day asked (its grants then). */
  territories!: TraceTerritoryDto[];
}
