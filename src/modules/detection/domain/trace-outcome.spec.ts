import { traceCode, traceLot, type Shipped } from './trace-outcome';

const shipped = (distributorCode: string, sku: string, shipmentRef: string, day: number): Shipped => ({
  distributorCode,
  sku,
  shipmentRef,
  shippedAt: new Date(Date.UTC(2026, 4, day)),
});

describe('traceCode', () => {
  const binding = shipped('ZJ-GA', 'SNK-001', 'SH-1', 2);

  it('names the distributor a shipment bound the code to, with confidence high', () => {
    expect(traceCode(binding)).toEqual({ outcome: 'traced', confidence: 'high', distributorCode: 'ZJ-GA', candidates: [], shipped: binding });
    expect(traceCode(binding, 'SNK-001').outcome).toBe('traced');
  });

  it('calls a code never shipped unknown', () => {
    expect(traceCode(null)).toEqual({ outcome: 'unknown', confidence: null, distributorCode: null, candidates: [], shipped: null });
    expect(traceCode(null, 'SNK-001').outcome).toBe('unknown');
  });

  it('calls goods of another SKU than the one shipped under the code a SKU mismatch, without confidence', () => {
    expect(traceCode(binding, 'SNK-002')).toEqual({ outcome: 'sku_mismatch', confidence: null, distributorCode: 'ZJ-GA', candidates: [], shipped: binding });
  });
});

describe('traceLot', () => {
  it('names the one distributor a lot was shipped to, with confidence medium, from its first shipment', () => {
    const lines = [shipped('JX-AG', 'SNK-001', 'SH-9', 9), shipped('JX-AG', 'SNK-001', 'SH-3', 3)];
    expect(traceLot(lines)).toEqual({ outcome: 'traced', confidence: 'medium', distributorCode: 'JX-AG', candidates: [], shipped: lines[1] });
  });

  it('gives the candidates of a lot shipped to several, and no distributor', () => {
    const lines = [shipped('JX-AG', 'SNK-001', 'SH-1', 1), shipped('FJ-AG', 'SNK-001', 'SH-2', 2), shipped('JX-AG', 'SNK-001', 'SH-3', 3)];
    expect(traceLot(lines)).toEqual({ outcome: 'ambiguous', confidence: null, distributorCode: null, candidates: ['FJ-AG', 'JX-AG'], shipped: null });
  });

  it('traces by the SKU on the goods when the same lot number was shipped for several SKUs', () => {
    const lines = [shipped('JX-AG', 'SNK-001', 'SH-1', 1), shipped('FJ-AG', 'SNK-002', 'SH-2', 2)];
    expect(traceLot(lines, 'SNK-002')).toMatchObject({ outcome: 'traced', confidence: 'medium', distributorCode: 'FJ-AG' });
    expect(traceLot(lines).outcome).toBe('ambiguous');
  });

  it('calls a lot shipped only as other SKUs a SKU mismatch, naming its distributor when there is one', () => {
    expect(traceLot([shipped('JX-AG', 'SNK-001', 'SH-1', 1)], 'BEV-001')).toMatchObject({
      outcome: 'sku_mismatch',
      confidence: null,
      distributorCode: 'JX-AG',
    });
    expect(traceLot([shipped('JX-AG', 'SNK-001', 'SH-1', 1), shipped('FJ-AG', 'SNK-002', 'SH-2', 2)], 'BEV-001')).toMatchObject({
      outcome: 'sku_mismatch',
      distributorCode: null,
      candidates: ['FJ-AG', 'JX-AG'],
    });
  });

  it('calls a lot never shipped unknown', () => {
    expect(traceLot([]).outcome).toBe('unknown');
  });
});
