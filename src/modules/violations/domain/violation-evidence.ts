import { formatDecimal } from '../../../common/money/money';
import type { Violation } from '../violation.entity';

const money = (value: string | null) => (value === null ? null : formatDecimal(value));

/**
 * The sentence a channel manager reads to see why a line was flagged. Built
 * from the stored columns, so millions of violations do not each carry it.
 */
export function describeRule(violation: Violation): string | null {
  switch (violation.type) {
    case 'OUT_OF_TERRITORY': {
      const channel = violation.channel ? ` in channel ${violation.channel}` : '';
      const line = violation.productLine ?? 'this product line';
      return `ship-to region ${violation.regionCode} is outside ${violation.offenderCode}'s territory for ${line} on ${violation.occurredOn}${channel}`;
    }
    case 'BELOW_FLOOR':
      return `unit price ${money(violation.unitPrice)} is below the distributor floor ${money(violation.floorPrice)}`;
    default:
      return null;
  }
}

/**
 * The evidence of a sales-line violation: the offender's grants it was judged
 * against (kept once per report, product line, channel and day), the line as
 * reported, the floor applied, the rule broken, and whatever the detector
 * stored with the row (an exhausted permit). Other sources keep their stored
 * evidence.
 */
export function composeEvidence(violation: Violation, grantsConsidered: unknown[] = []): Record<string, unknown> {
  const stored = violation.evidence as Record<string, unknown>;
  if (violation.sourceKind !== 'sales_line') return stored;
  return {
    grantsConsidered,
    ...stored,
    line: {
      reportRef: violation.reportRef,
      lineNo: violation.lineNo,
      saleDate: violation.occurredOn,
      sku: violation.sku,
      quantity: violation.quantity,
      unitPrice: money(violation.unitPrice),
      channel: violation.channel,
      customerRef: violation.customerRef,
      shipToRegionCode: violation.regionCode,
      lot: violation.lot,
      serial: violation.serial,
    },
    floor: violation.floorId === null ? null : { id: violation.floorId, level: 'distributor', minUnitPrice: money(violation.floorPrice) },
    rule: describeRule(violation),
  };
}
