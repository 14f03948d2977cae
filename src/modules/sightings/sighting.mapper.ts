import { formatDecimal } from '../../common/money/money';
import type { TraceDto } from '../detection/dto/trace.dto';
import type { ViolationDto } from '../violations/dto/violation.dto';
import type { SightingDto } from './dto/sighting.dto';
import type { Sighting } from './sighting.entity';

export function toSightingDto(sighting: Sighting, traces: TraceDto[], violations: ViolationDto[]): SightingDto {
  return {
    id: sighting.id,
    observedAt: sighting.observedAt.toISOString(),
    observedOn: sighting.observedOn,
    regionCode: sighting.regionCode,
    provinceCode: sighting.provinceCode,
    lat: sighting.lat === null ? null : Number(sighting.lat),
    lon: sighting.lon === null ? null : Number(sighting.lon),
    storeName: sighting.storeName,
    sku: sighting.sku,
    productLine: sighting.productLine,
    observedPrice: formatDecimal(sighting.observedPrice),
    priceLevel: sighting.priceLevel,
    codes: sighting.codes,
    lot: sighting.lot,
    note: sighting.note,
    reportedBy: sighting.reportedByLabel,
    createdAt: sighting.createdAt.toISOString(),
    traces,
    violations,
  };
}
