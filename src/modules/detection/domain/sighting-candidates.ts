import type { TraceConfidence, TraceOutcome } from './trace-outcome';

/** A trace as a sighting carries it: of one scanned code or of its lot. */
export interface SightingTrace {
  code?: string;
  lot?: string;
  outcome: TraceOutcome;
  confidence: TraceConfidence;
  distributorCode: string | null;
  shipmentRef: string | null;
  shippedAt: string | null;
  via: string[];
}

export type SightingViolationType = 'DIVERTED_GOODS' | 'UNKNOWN_CODE' | 'BELOW_RETAIL_FLOOR';

/** What detection then judges in SQL: whether the goods are out of their territory, whether the price is under the floor. */
export interface SightingCandidate {
  /** 0 is the price check, always present. */
  lineId: number;
  type: SightingViolationType;
  offenderCode: string | null;
  confidence: TraceConfidence;
  /** Units seen: the codes behind the finding, at least one. */
  quantity: number;
  evidence: Record<string, unknown>;
  /** False for the price check of a wholesale price: the row only carries the floor for the other findings' figures. */
  checked?: boolean;
}

const stronger = (a: TraceConfidence, b: TraceConfidence): TraceConfidence => (a === 'high' || b === 'high' ? 'high' : (a ?? b));

/**
 * The candidates of a sighting from its traces: one DIVERTED_GOODS per
 * distributor its goods were traced to, one UNKNOWN_CODE for the scanned codes
 * never shipped, and the BELOW_RETAIL_FLOOR check of a shelf (retail) price,
 * whose offender is the distributor the goods were traced to when there is
 * exactly one. A wholesale price is not held to the retail floor.
 */
export function sightingCandidates(traces: readonly SightingTrace[], priceLevel: 'retail' | 'wholesale' = 'retail'): SightingCandidate[] {
  const byDistributor = new Map<string, { confidence: TraceConfidence; codes: number; traces: SightingTrace[] }>();
  for (const trace of traces.filter((item) => item.outcome === 'traced' && item.distributorCode !== null)) {
    const entry = byDistributor.get(trace.distributorCode!) ?? { confidence: null, codes: 0, traces: [] };
    entry.confidence = stronger(entry.confidence, trace.confidence);
    entry.codes += trace.code !== undefined ? 1 : 0;
    entry.traces.push(trace);
    byDistributor.set(trace.distributorCode!, entry);
  }
  const scanned = traces.filter((trace) => trace.code !== undefined).length;
  const traced = [...byDistributor.entries()].sort(([a], [b]) => a.localeCompare(b));
  const offender = traced.length === 1 ? traced[0] : null;
  const candidates: SightingCandidate[] = [
    {
      lineId: 0,
      type: 'BELOW_RETAIL_FLOOR',
      offenderCode: offender?.[0] ?? null,
      confidence: offender?.[1].confidence ?? null,
      quantity: Math.max(1, scanned),
      evidence: offender ? { traces: offender[1].traces.map(evidenceOf) } : {},
      checked: priceLevel === 'retail',
    },
  ];
  traced.forEach(([distributorCode, entry], index) =>
    candidates.push({
      lineId: index + 1,
      type: 'DIVERTED_GOODS',
      offenderCode: distributorCode,
      confidence: entry.confidence,
      quantity: Math.max(1, entry.codes),
      evidence: { traces: entry.traces.map(evidenceOf) },
    }),
  );
  const unknown = traces.filter((trace) => trace.outcome === 'unknown' && trace.code !== undefined).map((trace) => trace.code!);
  if (unknown.length > 0) {
    candidates.push({
      lineId: candidates.length,
      type: 'UNKNOWN_CODE',
      offenderCode: null,
      confidence: null,
      quantity: unknown.length,
      evidence: { codes: unknown },
    });
  }
  return candidates;
}

function evidenceOf(trace: SightingTrace): Record<string, unknown> {
  return {
    ...(trace.code !== undefined ? { code: trace.code } : { lot: trace.lot }),
    confidence: trace.confidence,
    shipmentRef: trace.shipmentRef,
    shippedAt: trace.shippedAt,
    ...(trace.via.length > 0 ? { via: trace.via } : {}),
  };
}
