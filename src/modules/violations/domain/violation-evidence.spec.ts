import type { Violation } from '../violation.entity';
import { composeEvidence, describeRule } from './violation-evidence';

const violation = (overrides: Partial<Violation>): Violation =>
  ({
    id: '0190a1b2-0000-7000-8000-000000000001',
    type: 'OUT_OF_TERRITORY',
    status: 'active',
    sourceKind: 'sales_line',
    sourceId: 'report-1',
    reportId: null,
    reportRef: 'ZJ-2026-05',
    lineNo: 2,
    offenderCode: 'ZJ-GA',
    victimCodes: ['JX-AG'],
    regionCode: '360102',
    provinceCode: '360000',
    sku: 'SNK-001',
    productLine: 'snacks',
    quantity: 100,
    unitPrice: '8.0000',
    floorPrice: '11.0000',
    floorId: '0190a1b2-0000-7000-8000-0000000000f1',
    permitId: null,
    occurredOn: '2026-05-10',
    channel: null,
    customerRef: 'C-9',
    lot: 'L1',
    serial: null,
    confidence: 'high',
    incidentId: null,
    evidence: {},
    voidReason: null,
    detectedAt: new Date(),
    ...overrides,
  }) as Violation;

describe('describeRule', () => {
  it.each([
    [{}, "ship-to region 360102 is outside ZJ-GA's territory for snacks on 2026-05-10"],
    [{ channel: 'online' }, "ship-to region 360102 is outside ZJ-GA's territory for snacks on 2026-05-10 in channel online"],
    [{ type: 'BELOW_FLOOR' as const }, 'unit price 8.00 is below the distributor floor 11.00'],
    [{ type: 'BELOW_FLOOR' as const, unitPrice: '10.9950', floorPrice: '11.0000' }, 'unit price 10.995 is below the distributor floor 11.00'],
    [{ type: 'UNKNOWN_CODE' as const }, null],
  ])('%j → %s', (overrides, expected) => {
    expect(describeRule(violation(overrides))).toBe(expected);
  });
});

describe('composeEvidence', () => {
  it('adds the grants considered, the line, the floor and the rule to what the detector stored', () => {
    expect(composeEvidence(violation({ evidence: { exhaustedPermitId: 'p-1' } }), [{ regionCode: '330000' }])).toEqual({
      grantsConsidered: [{ regionCode: '330000' }],
      exhaustedPermitId: 'p-1',
      line: {
        reportRef: 'ZJ-2026-05',
        lineNo: 2,
        saleDate: '2026-05-10',
        sku: 'SNK-001',
        quantity: 100,
        unitPrice: '8.00',
        channel: null,
        customerRef: 'C-9',
        shipToRegionCode: '360102',
        lot: 'L1',
        serial: null,
      },
      floor: { id: '0190a1b2-0000-7000-8000-0000000000f1', level: 'distributor', minUnitPrice: '11.00' },
      rule: "ship-to region 360102 is outside ZJ-GA's territory for snacks on 2026-05-10",
    });
  });

  it('has no grants considered when the offender had none that day', () => {
    expect(composeEvidence(violation({})).grantsConsidered).toEqual([]);
  });

  it('keeps grants stored with the row itself (violations recorded before they were kept apart)', () => {
    const stored = { grantsConsidered: [{ regionCode: '320000' }] };
    expect(composeEvidence(violation({ evidence: stored }), [{ regionCode: '330000' }]).grantsConsidered).toEqual([{ regionCode: '320000' }]);
  });

  it('has no floor when none applied', () => {
    expect(composeEvidence(violation({ floorId: null, floorPrice: null })).floor).toBeNull();
  });

  it('keeps the stored evidence of other sources as it is', () => {
    const stored = { trace: { code: 'X1' } };
    expect(composeEvidence(violation({ sourceKind: 'sighting', evidence: stored }))).toBe(stored);
  });
});
