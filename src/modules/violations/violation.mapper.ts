import { formatDecimal } from '../../common/money/money';
import { composeEvidence } from './domain/violation-evidence';
import type { ViolationDto } from './dto/violation.dto';
import type { Violation } from './violation.entity';

const money = (value: string | null) => (value === null ? null : formatDecimal(value));

/** `grantsConsidered`: the territory grants a sales-line violation was judged against (kept apart from the row). */
export function toViolationDto(violation: Violation, grantsConsidered?: unknown[]): ViolationDto {
  return {
    id: violation.id,
    type: violation.type,
    status: violation.status,
    source: {
      kind: violation.sourceKind,
      id: violation.sourceId,
      ...(violation.reportRef !== null ? { reportRef: violation.reportRef } : {}),
      ...(violation.lineNo !== null ? { lineNo: violation.lineNo } : {}),
    },
    offenderCode: violation.offenderCode,
    victimCodes: violation.victimCodes,
    regionCode: violation.regionCode,
    provinceCode: violation.provinceCode,
    sku: violation.sku,
    productLine: violation.productLine,
    quantity: violation.quantity,
    unitPrice: money(violation.unitPrice),
    floorPrice: money(violation.floorPrice),
    occurredOn: violation.occurredOn,
    confidence: violation.confidence,
    incidentId: violation.incidentId,
    permitId: violation.permitId,
    evidence: composeEvidence(violation, grantsConsidered),
    voidReason: violation.voidReason,
    detectedAt: violation.detectedAt.toISOString(),
  };
}
