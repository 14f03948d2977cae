import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsObject } from 'class-validator';
import { SightingDto } from './sighting.dto';

export const MAX_BATCH_SIGHTINGS = 500;

export class SightingBatchDto {
  /** Up to 500 sightings, each with its own `idempotencyKey` next to the fields of POST /sightings. */
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    example: [{ idempotencyKey: 'phone-7:42', observedAt: '2026-11-20T10:00:00+08:00', regionCode: '360102', sku: 'SNK-001', observedPrice: '18.00' }],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH_SIGHTINGS)
  @IsObject({ each: true })
  items!: Array<Record<string, unknown>>;
}

export class SightingBatchErrorDto {
  code!: string;
  message!: string;
  details?: unknown;
}

export class SightingBatchItemDto {
  /** Position in the request. */
  index!: number;
  idempotencyKey!: string | null;
  /** What POST /sightings would have answered: 201, or the 4xx of a bad item. */
  status!: number;
  /** The first answer again, for a key already used with the same body. */
  replayed!: boolean;
  @Type(() => SightingDto)
  sighting?: SightingDto;
  @Type(() => SightingBatchErrorDto)
  error?: SightingBatchErrorDto;
}

export class SightingBatchResultDto {
  @Type(() => SightingBatchItemDto)
  items!: SightingBatchItemDto[];
  created!: number;
  replayed!: number;
  failed!: number;
}
