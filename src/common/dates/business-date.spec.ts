import { isBusinessDate, isWithin, rangesOverlap, today } from './business-date';

describe('business dates', () => {
  it.each(['2026-01-01', '2024-02-29', '2026-12-31'])('accepts %s', (value) => expect(isBusinessDate(value)).toBe(true));
  it.each(['2026-02-29', '2026-13-01', '2026-1-1', '2026-01-01T00:00:00Z', '', 20260101, null])('refuses %p', (value) =>
    expect(isBusinessDate(value)).toBe(false),
  );

  it('includes both ends and treats a missing end as open', () => {
    expect(isWithin('2026-01-01', '2026-01-01', '2026-12-31')).toBe(true);
    expect(isWithin('2026-12-31', '2026-01-01', '2026-12-31')).toBe(true);
    expect(isWithin('2027-01-01', '2026-01-01', '2026-12-31')).toBe(false);
    expect(isWithin('2025-12-31', '2026-01-01', null)).toBe(false);
    expect(isWithin('2099-01-01', '2026-01-01', null)).toBe(true);
  });

  it('detects overlapping inclusive ranges', () => {
    expect(rangesOverlap('2026-01-01', '2026-06-30', '2026-06-30', null)).toBe(true);
    expect(rangesOverlap('2026-01-01', '2026-06-29', '2026-06-30', null)).toBe(false);
    expect(rangesOverlap('2026-01-01', null, '2020-01-01', '2025-12-31')).toBe(false);
  });

  it('gives today in the business time zone', () => {
    // 20:00 UTC is already the next day in Shanghai.
    expect(today('Asia/Shanghai', new Date('2026-11-22T20:00:00Z'))).toBe('2026-11-23');
    expect(today('UTC', new Date('2026-11-22T20:00:00Z'))).toBe('2026-11-22');
  });
});
