import { TimelineEntry, timelineFor } from './timeline-view';

const actor = { kind: 'user', id: 'u-1', label: 'manager@example.com' };
const entry = (kind: string, details: Record<string, unknown>): TimelineEntry => ({
  at: '2026-05-01T08:00:00.000Z',
  kind,
  action: `x.${kind}`,
  actor,
  details,
});

const entries = [
  entry('opened', { status: 'open' }),
  entry('complaint', { complaintId: 'c-1', complainantCode: 'JX-GA', description: 'cheap snacks' }),
  entry('complaint', { complaintId: 'c-2', complainantCode: 'FJ-GA', description: 'dumping' }),
  entry('violations_joined', { sourceKind: 'sales_line', reportRef: 'R-1', violations: 3, types: ['OUT_OF_TERRITORY'] }),
  entry('transition', { from: 'open', to: 'investigating', assigneeId: 'u-2', note: 'internal' }),
  entry('comment', { body: 'called the agent' }),
  entry('action', { actionId: 'a-1', type: 'rebate_deduction', distributorCode: 'ZJ-GA', amount: '50000.00', rebatePeriod: '2026', createdBy: 'u-1' }),
  entry('action', { actionId: 'a-2', type: 'supply_cutoff', distributorCode: 'ZJ-GA', startsAt: 's', endsAt: 'e' }),
  entry('claim', { claimId: 'k-1', claimantCode: 'JX-GA', amount: '1200.00', status: 'approved' }),
  entry('claim', { claimId: 'k-2', claimantCode: 'FJ-GA', amount: '800.00', status: 'approved' }),
  entry('appeal', { appealId: 'p-1', distributorCode: 'ZJ-GA', reason: 'not ours', status: 'rejected' }),
];

describe('timelineFor', () => {
  it('gives managers everything, as recorded', () => {
    expect(timelineFor('manager', null, entries)).toEqual(entries);
  });

  it('gives a victim the progress, which kinds of enforcement, and its own complaint and claims, without anyone’s money or names', () => {
    const view = timelineFor('victim', 'JX-GA', entries);
    expect(view.map((item) => item.kind)).toEqual(['opened', 'complaint', 'violations_joined', 'transition', 'action', 'action', 'claim']);
    expect(view.find((item) => item.kind === 'claim')!.details).toEqual({ claimId: 'k-1', claimantCode: 'JX-GA', amount: '1200.00', status: 'approved' });
    expect(view.filter((item) => item.kind === 'action').map((item) => item.details)).toEqual([
      { actionId: 'a-1', type: 'rebate_deduction' },
      { actionId: 'a-2', type: 'supply_cutoff', startsAt: 's', endsAt: 'e' },
    ]);
    expect(view.find((item) => item.kind === 'transition')!.details).toEqual({ from: 'open', to: 'investigating' });
    expect(view.every((item) => item.actor === null)).toBe(true);
    expect(JSON.stringify(view)).not.toContain('FJ-GA');
  });

  it('gives the offender the case against it, its penalties in full and its appeals, but no claims, complaints or comments', () => {
    const view = timelineFor('offender', 'ZJ-GA', entries);
    expect(view.map((item) => item.kind)).toEqual(['opened', 'violations_joined', 'transition', 'action', 'action', 'appeal']);
    expect(view.find((item) => item.kind === 'action')!.details).toMatchObject({ amount: '50000.00', rebatePeriod: '2026' });
    expect(JSON.stringify(view)).not.toMatch(/1200|800\.00|JX-GA|FJ-GA/);
  });

  it('shows another distributor’s penalty to an offender only as its kind', () => {
    const view = timelineFor('offender', 'ZJ-SUB', entries);
    expect(view.filter((item) => item.kind === 'action').map((item) => item.details.amount)).toEqual([undefined, undefined]);
    expect(view.some((item) => item.kind === 'appeal')).toBe(false);
  });

  it('tells the parties why an incident was dismissed, and never who at the brand did what', () => {
    const dismissed = [entry('transition', { from: 'open', to: 'dismissed', reason: 'a permitted transfer', note: 'internal' })];
    expect(timelineFor('victim', 'JX-AG', dismissed)[0].details).toEqual({ from: 'open', to: 'dismissed', reason: 'a permitted transfer' });
    const offenderView = timelineFor('offender', 'ZJ-GA', entries);
    expect(offenderView.find((item) => item.kind === 'action')!.details.createdBy).toBeUndefined();
  });

  it('gives a field rep only the progress', () => {
    expect(timelineFor('reporter', null, entries).map((item) => item.kind)).toEqual(['opened', 'transition']);
  });
});
