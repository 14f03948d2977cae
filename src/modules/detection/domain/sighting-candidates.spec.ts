import { sightingCandidates, type SightingTrace } from './sighting-candidates';

const traced = (code: string, distributorCode: string, confidence: 'high' | 'medium' = 'high'): SightingTrace => ({
  code,
  outcome: 'traced',
  confidence,
  distributorCode,
  shipmentRef: `SH-${distributorCode}`,
  shippedAt: '2026-04-01T08:00:00.000Z',
  via: [],
});
const unknown = (code: string): SightingTrace => ({
  code,
  outcome: 'unknown',
  confidence: null,
  distributorCode: null,
  shipmentRef: null,
  shippedAt: null,
  via: [],
});
const lot = (distributorCode: string | null, outcome: SightingTrace['outcome']): SightingTrace => ({
  lot: 'L-1',
  outcome,
  confidence: outcome === 'traced' ? 'medium' : null,
  distributorCode,
  shipmentRef: distributorCode ? 'SH-LOT' : null,
  shippedAt: null,
  via: [],
});

describe('sightingCandidates', () => {
  it('always checks the price, against no one when nothing was traced', () => {
    expect(sightingCandidates([])).toEqual([
      { lineId: 0, type: 'BELOW_RETAIL_FLOOR', offenderCode: null, confidence: null, quantity: 1, evidence: {}, checked: true },
    ]);
  });

  it('does not hold a wholesale price to the retail floor', () => {
    expect(sightingCandidates([], 'wholesale')[0]).toMatchObject({ type: 'BELOW_RETAIL_FLOOR', checked: false });
  });

  it('gives one DIVERTED_GOODS per distributor with the codes traced to it, and blames the price on the only one', () => {
    const candidates = sightingCandidates([traced('A1', 'ZJ-GA'), traced('A2', 'ZJ-GA'), unknown('X1')]);
    expect(candidates.map(({ lineId, type, offenderCode, confidence, quantity }) => ({ lineId, type, offenderCode, confidence, quantity }))).toEqual([
      { lineId: 0, type: 'BELOW_RETAIL_FLOOR', offenderCode: 'ZJ-GA', confidence: 'high', quantity: 3 },
      { lineId: 1, type: 'DIVERTED_GOODS', offenderCode: 'ZJ-GA', confidence: 'high', quantity: 2 },
      { lineId: 2, type: 'UNKNOWN_CODE', offenderCode: null, confidence: null, quantity: 1 },
    ]);
    expect(candidates[2].evidence).toEqual({ codes: ['X1'] });
    expect(candidates[1].evidence).toEqual({
      traces: [expect.objectContaining({ code: 'A1', shipmentRef: 'SH-ZJ-GA' }), expect.objectContaining({ code: 'A2' })],
    });
  });

  it('blames the price on no one when the goods trace to several distributors', () => {
    const candidates = sightingCandidates([traced('A1', 'ZJ-GA'), traced('B1', 'JX-AG', 'medium')]);
    expect(candidates[0]).toMatchObject({ type: 'BELOW_RETAIL_FLOOR', offenderCode: null, confidence: null });
    expect(candidates.slice(1).map((candidate) => [candidate.offenderCode, candidate.confidence])).toEqual([
      ['JX-AG', 'medium'],
      ['ZJ-GA', 'high'],
    ]);
  });

  it('counts a lot traced to one distributor as one unit, at medium confidence unless a code of it is high', () => {
    expect(sightingCandidates([lot('ZJ-GA', 'traced')])[1]).toMatchObject({ type: 'DIVERTED_GOODS', offenderCode: 'ZJ-GA', confidence: 'medium', quantity: 1 });
    expect(sightingCandidates([lot('ZJ-GA', 'traced'), traced('A1', 'ZJ-GA')])[1]).toMatchObject({ confidence: 'high', quantity: 1 });
  });

  it('opens nothing against anyone for an ambiguous lot, nor UNKNOWN_CODE for a lot never shipped', () => {
    expect(sightingCandidates([lot(null, 'ambiguous')]).map((candidate) => candidate.type)).toEqual(['BELOW_RETAIL_FLOOR']);
    expect(sightingCandidates([lot(null, 'unknown')]).map((candidate) => candidate.type)).toEqual(['BELOW_RETAIL_FLOOR']);
  });
});
