/**
 * Whose goods these are, from what the bindings say. A serial bound by a
 * shipment (itself, inside a range, or through the cases and pallets it was
 * packed in) names its distributor with confidence high; a lot shipped to one
 * distributor names it with confidence medium, a lot shipped to several gives
 * candidates and no one; a code or lot never shipped is unknown; goods whose
 * SKU is not the one shipped under that code or lot are a SKU mismatch.
 */
/** How many levels of packing (item → case → pallet → ...) a trace climbs. */
export const MAX_PACKING_DEPTH = 10;

export const TRACE_OUTCOMES = ['traced', 'ambiguous', 'unknown', 'sku_mismatch'] as const;
export type TraceOutcome = (typeof TRACE_OUTCOMES)[number];
export type TraceConfidence = 'high' | 'medium' | null;

/** A shipment line that bound a code or carried a lot. */
export interface Shipped {
  distributorCode: string;
  sku: string;
  shipmentRef: string;
  shippedAt: Date;
}

export interface TraceVerdict {
  outcome: TraceOutcome;
  confidence: TraceConfidence;
  distributorCode: string | null;
  /** Distributors a lot was shipped to, when it cannot tell them apart. */
  candidates: string[];
  /** The shipment line the verdict rests on (the first, by date, for a lot). */
  shipped: Shipped | null;
}

const UNKNOWN: TraceVerdict = { outcome: 'unknown', confidence: null, distributorCode: null, candidates: [], shipped: null };

/** A code: `binding` is the shipment line that bound it or its nearest packed-in parent, if any. */
export function traceCode(binding: Shipped | null, sku?: string): TraceVerdict {
  if (!binding) return UNKNOWN;
  if (sku !== undefined && binding.sku !== sku) {
    return { outcome: 'sku_mismatch', confidence: null, distributorCode: binding.distributorCode, candidates: [], shipped: binding };
  }
  return { outcome: 'traced', confidence: 'high', distributorCode: binding.distributorCode, candidates: [], shipped: binding };
}

/** A lot: `lines` are the shipment lines that carried it, in any order. */
export function traceLot(lines: readonly Shipped[], sku?: string): TraceVerdict {
  if (lines.length === 0) return UNKNOWN;
  const byDate = [...lines].sort((a, b) => a.shippedAt.getTime() - b.shippedAt.getTime() || a.shipmentRef.localeCompare(b.shipmentRef));
  const matching = sku === undefined ? byDate : byDate.filter((line) => line.sku === sku);
  if (matching.length === 0) {
    const shippedTo = distinct(byDate.map((line) => line.distributorCode));
    return {
      outcome: 'sku_mismatch',
      confidence: null,
      distributorCode: shippedTo.length === 1 ? shippedTo[0] : null,
      candidates: shippedTo.length === 1 ? [] : shippedTo,
      shipped: byDate[0],
    };
  }
  const distributors = distinct(matching.map((line) => line.distributorCode));
  if (distributors.length > 1) return { outcome: 'ambiguous', confidence: null, distributorCode: null, candidates: distributors, shipped: null };
  return { outcome: 'traced', confidence: 'medium', distributorCode: distributors[0], candidates: [], shipped: matching[0] };
}

const distinct = (codes: string[]) => [...new Set(codes)].sort();
