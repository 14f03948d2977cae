import { monthStart } from '../../common/dates/business-date';
import { latestWindow } from './reconciliation.service';

describe('monthStart', () => {
  it('moves by months from a day or a month', () => {
    expect(monthStart('2026-12-07')).toBe('2026-12-01');
    expect(monthStart('2026-12-07', -1)).toBe('2026-11-01');
    expect(monthStart('2026-01-31', -2)).toBe('2025-11-01');
    expect(monthStart('2026-11', 2)).toBe('2027-01-01');
  });
});

describe('latestWindow', () => {
  it('is the last complete window of whole months, windows following each other without overlapping', () => {
    expect(latestWindow('2026-11-01', 3)).toEqual({ start: '2026-07-01', end: '2026-09-01' });
    expect(latestWindow('2026-12-01', 3)).toEqual({ start: '2026-10-01', end: '2026-12-01' });
    expect(latestWindow('2027-01-01', 3)).toEqual({ start: '2026-10-01', end: '2026-12-01' });
    expect(latestWindow('2026-11-01', 1)).toEqual({ start: '2026-11-01', end: '2026-11-01' });
    expect(latestWindow('2026-11-01', 12)).toEqual({ start: '2025-01-01', end: '2025-12-01' });
  });
});
