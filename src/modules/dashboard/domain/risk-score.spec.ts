import { latestWatchedPeriodEnd } from '../offenders.service';
import { riskScore } from './risk-score';

const scale = { valueAtFull: '500000.00', minSellIn: 100 };
const quiet = { recentValue: '0', recurrences: 0, sellIn: 0, sellOut: 0, rejectedAppeals: 0, rebateChasing: false };

describe('riskScore', () => {
  it('is 0 for a distributor with nothing against it', () => {
    expect(riskScore(quiet, scale).score).toBe(0);
  });

  it('is 100 for one that scores every part in full', () => {
    const worst = { recentValue: '750000.00', recurrences: 4, sellIn: 1000, sellOut: 0, rejectedAppeals: 3, rebateChasing: true };
    expect(riskScore(worst, scale)).toMatchObject({
      score: 100,
      parts: { recentValue: 40, recurrences: 15, unreported: 20, rejectedAppeals: 10, rebateChasing: 15 },
    });
  });

  it('weighs each part in proportion', () => {
    const result = riskScore({ ...quiet, recentValue: '125000.00', recurrences: 1, sellIn: 1000, sellOut: 700 }, scale);
    // 40 × 0.25 + 15 × 1/3 + 20 × 0.3 = 10 + 5 + 6
    expect(result).toMatchObject({ score: 21, parts: { recentValue: 10, recurrences: 5, unreported: 6 } });
    expect(result.unreportedShare).toBeCloseTo(0.3, 6);
  });

  it('ignores unreported volume below the minimum sell-in, and over-reporting', () => {
    expect(riskScore({ ...quiet, sellIn: 50, sellOut: 0 }, scale).parts.unreported).toBe(0);
    expect(riskScore({ ...quiet, sellIn: 500, sellOut: 900 }, scale).parts.unreported).toBe(0);
  });
});

describe('latestWatchedPeriodEnd', () => {
  it('takes the period end in progress, else the last one, a day past a month’s end as its last day', () => {
    expect(latestWatchedPeriodEnd('2026-12-07', ['12-31'], 4)).toBe('2026-12-31');
    expect(latestWatchedPeriodEnd('2026-11-20', ['12-31'], 4)).toBe('2025-12-31');
    expect(latestWatchedPeriodEnd('2026-03-10', ['02-29', '12-31'], 4)).toBe('2026-02-28');
    expect(latestWatchedPeriodEnd('2028-03-10', ['02-29'], 4)).toBe('2028-02-29');
  });
});
