import { DEFAULT_DETECTION_SETTINGS } from '../../settings/detection-settings';
import { severityOf } from './severity';

const thresholds = DEFAULT_DETECTION_SETTINGS.severity;
const clean = { isRecurrence: false, confirmedIncidents: 0 };
const scale = (valueAtFloor: string, priceErosion = '0', regionCount = 1) => ({ valueAtFloor, priceErosion, regionCount });

describe('severityOf', () => {
  it.each([
    ['9999.99', 'low'],
    ['10000.00', 'medium'],
    ['99999.99', 'medium'],
    ['100000', 'high'],
    ['500000', 'critical'],
    ['9999999', 'critical'],
  ])('grades a value at floor of %s as %s', (value, expected) => expect(severityOf(scale(value), clean, thresholds)).toBe(expected));

  it.each([
    ['4.99', 'low'],
    ['5.00', 'medium'],
    ['15.00', 'high'],
    ['30.00', 'critical'],
  ])('grades a price gap of %s%% as %s', (erosion, expected) => expect(severityOf(scale('100.00', erosion), clean, thresholds)).toBe(expected));

  it('grades regions hit', () => {
    expect(severityOf(scale('1', '0', 2), clean, thresholds)).toBe('low');
    expect(severityOf(scale('1', '0', 3), clean, thresholds)).toBe('medium');
    expect(severityOf(scale('1', '0', 10), clean, thresholds)).toBe('high');
    expect(severityOf(scale('1', '0', 30), clean, thresholds)).toBe('critical');
  });

  it('takes the highest measure', () => expect(severityOf(scale('20000', '1', 11), clean, thresholds)).toBe('high'));

  it('raises one level for a recurrence or a confirmed history, never past critical', () => {
    expect(severityOf(scale('20000'), { isRecurrence: true, confirmedIncidents: 0 }, thresholds)).toBe('high');
    expect(severityOf(scale('1'), { isRecurrence: false, confirmedIncidents: 1 }, thresholds)).toBe('medium');
    expect(severityOf(scale('600000'), { isRecurrence: true, confirmedIncidents: 5 }, thresholds)).toBe('critical');
  });

  it('has no price gap when nothing is valued', () => expect(severityOf(scale('0', '0', 1), clean, thresholds)).toBe('low'));
});
