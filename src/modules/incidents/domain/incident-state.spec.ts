import { INCIDENT_STATUSES, IncidentStatus } from '../incident.entity';
import { dueAtFor, INCIDENT_TRANSITIONS, incidentStateMachine, TransitionContext } from './incident-state';

const context = (overrides: Partial<TransitionContext> = {}): TransitionContext => ({
  actorId: 'u-closer',
  input: {},
  incident: { assigneeId: null, confirmedBy: null },
  assignee: null,
  activeCutoffs: 0,
  undecidedClaims: 0,
  unpaidApprovedClaims: 0,
  fourEyesClose: true,
  ...overrides,
});
const assessment = { confirmedUnits: 1200, confirmedValue: '18000.00', findings: 'shipped into Jiangxi at 9.00' };

describe('incidentStateMachine', () => {
  describe('the table', () => {
    const legal: Array<[IncidentStatus, IncidentStatus]> = [
      ['open', 'investigating'],
      ['open', 'dismissed'],
      ['investigating', 'confirmed'],
      ['investigating', 'dismissed'],
      ['confirmed', 'resolved'],
      ['resolved', 'closed'],
    ];

    it('is DESIGN §6 and nothing more', () => {
      const pairs = INCIDENT_STATUSES.flatMap((from) => INCIDENT_TRANSITIONS[from].map((to) => [from, to]));
      expect(pairs).toEqual(legal);
    });

    it.each(
      INCIDENT_STATUSES.flatMap((from) => INCIDENT_STATUSES.map((to) => [from, to] as const)).filter(
        ([from, to]) => !legal.some(([a, b]) => a === from && b === to),
      ),
    )('refuses %s → %s as illegal', (from, to) => {
      expect(incidentStateMachine.check(from, to, context())).toMatchObject({ ok: false, illegal: true, from, to });
    });

    it('calls closed and dismissed final', () => {
      expect(incidentStateMachine.check('closed', 'open', context())).toMatchObject({ reason: 'closed is final' });
      expect(incidentStateMachine.check('dismissed', 'open', context())).toMatchObject({ reason: 'dismissed is final' });
    });
  });

  describe('investigating', () => {
    it('needs an assignee', () => {
      expect(incidentStateMachine.check('open', 'investigating', context())).toMatchObject({
        ok: false,
        illegal: false,
        reason: expect.stringContaining('assignee'),
      });
    });

    it('takes the assignee already on the incident', () => {
      expect(incidentStateMachine.check('open', 'investigating', context({ incident: { assigneeId: 'u-1', confirmedBy: null } }))).toEqual({ ok: true });
    });

    it('takes a channel manager or an admin who is active', () => {
      const input = { assigneeId: 'u-2' };
      expect(incidentStateMachine.check('open', 'investigating', context({ input, assignee: { canInvestigate: true, active: true } }))).toEqual({ ok: true });
      expect(incidentStateMachine.check('open', 'investigating', context({ input, assignee: null }))).toMatchObject({ reason: 'assignee u-2 is not a user' });
      expect(incidentStateMachine.check('open', 'investigating', context({ input, assignee: { canInvestigate: false, active: true } }))).toMatchObject({
        reason: 'the assignee must be a channel_manager or an admin',
      });
      expect(incidentStateMachine.check('open', 'investigating', context({ input, assignee: { canInvestigate: true, active: false } }))).toMatchObject({
        reason: 'the assignee is deactivated',
      });
    });
  });

  describe('confirmed', () => {
    it('needs the assessment', () => {
      expect(incidentStateMachine.check('investigating', 'confirmed', context())).toMatchObject({ ok: false, reason: expect.stringContaining('assessment') });
      expect(incidentStateMachine.check('investigating', 'confirmed', context({ input: { assessment } }))).toEqual({ ok: true });
    });
  });

  describe('dismissed', () => {
    it('needs a reason, not blanks', () => {
      expect(incidentStateMachine.check('open', 'dismissed', context({ input: { reason: '  ' } }))).toMatchObject({ reason: 'dismissing needs a reason' });
      expect(incidentStateMachine.check('investigating', 'dismissed', context({ input: { reason: 'a permitted transfer' } }))).toEqual({ ok: true });
    });
  });

  describe('resolved', () => {
    it('needs every cutoff lifted or ended', () => {
      expect(incidentStateMachine.check('confirmed', 'resolved', context({ activeCutoffs: 1 }))).toMatchObject({
        reason: '1 supply cutoff is still active: lift them or wait for their end',
      });
    });

    it('needs every claim decided', () => {
      expect(incidentStateMachine.check('confirmed', 'resolved', context({ undecidedClaims: 2 }))).toMatchObject({
        reason: '2 compensation claims are still undecided',
      });
      expect(incidentStateMachine.check('confirmed', 'resolved', context())).toEqual({ ok: true });
    });
  });

  describe('closed', () => {
    it('needs every approved claim paid', () => {
      expect(incidentStateMachine.check('resolved', 'closed', context({ unpaidApprovedClaims: 1 }))).toMatchObject({
        reason: '1 approved claim is not paid yet',
      });
    });

    it('needs someone other than who confirmed, unless four eyes is off', () => {
      const confirmedBySelf = { incident: { assigneeId: 'u-1', confirmedBy: 'u-closer' } };
      expect(incidentStateMachine.check('resolved', 'closed', context(confirmedBySelf))).toMatchObject({ reason: expect.stringContaining('four eyes') });
      expect(incidentStateMachine.check('resolved', 'closed', context({ ...confirmedBySelf, fourEyesClose: false }))).toEqual({ ok: true });
      expect(incidentStateMachine.check('resolved', 'closed', context({ incident: { assigneeId: 'u-1', confirmedBy: 'u-other' } }))).toEqual({ ok: true });
    });
  });

  describe('nextStates', () => {
    it('leaves out what the request must carry and names what the state of things blocks', () => {
      expect(incidentStateMachine.nextStates('open', context())).toEqual([
        { to: 'investigating', allowed: true, reason: null },
        { to: 'dismissed', allowed: true, reason: null },
      ]);
      expect(incidentStateMachine.nextStates('confirmed', context({ activeCutoffs: 1 }))).toEqual([
        { to: 'resolved', allowed: false, reason: '1 supply cutoff is still active: lift them or wait for their end' },
      ]);
    });
  });
});

describe('dueAtFor', () => {
  const sla = { open: 48, investigating: 240, confirmed: 720 };
  const at = new Date('2026-05-01T00:00:00Z');

  it('gives each working state its SLA from the moment it is entered', () => {
    expect(dueAtFor('open', at, sla)?.toISOString()).toBe('2026-05-03T00:00:00.000Z');
    expect(dueAtFor('investigating', at, sla)?.toISOString()).toBe('2026-05-11T00:00:00.000Z');
    expect(dueAtFor('confirmed', at, sla)?.toISOString()).toBe('2026-05-31T00:00:00.000Z');
  });

  it('gives the final states none', () => {
    expect(dueAtFor('resolved', at, sla)).toBeNull();
    expect(dueAtFor('closed', at, sla)).toBeNull();
    expect(dueAtFor('dismissed', at, sla)).toBeNull();
  });
});
