import { isRebateChasing, periodRange } from './rebate-period';

describe('periodRange', () => {
  it.each([
    ['2026', { from: '2026-01-01', to: '2026-12-31' }],
    ['2026-H1', { from: '2026-01-01', to: '2026-06-30' }],
    ['2026-H2', { from: '2026-07-01', to: '2026-12-31' }],
    ['2026-Q1', { from: '2026-01-01', to: '2026-03-31' }],
    ['2024-Q1', { from: '2024-01-01', to: '2024-03-31' }],
    ['2026-Q4', { from: '2026-10-01', to: '2026-12-31' }],
    ['2024-02', { from: '2024-02-01', to: '2024-02-29' }],
    ['2026-11', { from: '2026-11-01', to: '2026-11-30' }],
    ['0099-Q1', { from: '0099-01-01', to: '0099-03-31' }],
  ])('reads %s', (period, range) => {
    expect(periodRange(period)).toEqual(range);
  });

  it.each(['', '26', '2026-Q5', '2026-H3', '2026-13', '2026-1', 'last year'])('refuses %p', (period) => {
    expect(periodRange(period)).toBeNull();
  });
});

describe('isRebateChasing', () => {
  const settings = { windowWeeks: 4, baselineWeeks: 26, factor: 2 };

  it('flags weekly sell-in before the period end above the factor times the baseline', () => {
    // Baseline 2,600 over 26 weeks = 100 a week; the window 4 weeks.
    expect(isRebateChasing(801, 2600, settings)).toBe(true);
    expect(isRebateChasing(800, 2600, settings)).toBe(false);
  });

  it('does not flag a distributor without a baseline', () => {
    expect(isRebateChasing(5000, 0, settings)).toBe(false);
  });
});
