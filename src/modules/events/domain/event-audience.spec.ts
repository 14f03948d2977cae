import { asHeardBy, hears, IncidentParties, Listener } from './event-audience';

const manager: Listener = { role: 'channel_manager', distributorCode: null };
const offender: Listener = { role: 'distributor', distributorCode: 'ZJ-GA' };
const victim: Listener = { role: 'distributor', distributorCode: 'JX-AG' };
const otherVictim: Listener = { role: 'distributor', distributorCode: 'FJ-AG' };
const stranger: Listener = { role: 'distributor', distributorCode: 'NB-A' };
const rep: Listener = { role: 'field_rep', distributorCode: null };
const parties = (openedByListener = false): IncidentParties => ({ offenderCode: 'ZJ-GA', victimCodes: ['JX-AG', 'FJ-AG'], openedByListener });
const event = (type: string, extra: Record<string, unknown> = {}) => ({ type, incidentId: 'i-1', ...extra });

describe('hears', () => {
  it('lets managers hear everything, incident or not', () => {
    expect(hears(manager, event('claim.decided', { claimantCode: 'JX-AG' }), parties())).toBe(true);
    expect(hears(manager, { type: 'something.else' }, null)).toBe(true);
  });

  it('lets the parties of an incident hear its openings, transitions and actions, and no one else', () => {
    for (const type of ['incident.opened', 'incident.transitioned', 'action.taken', 'cutoff.lifted']) {
      expect([offender, victim, stranger].map((listener) => hears(listener, event(type), parties()))).toEqual([true, true, false]);
    }
  });

  it('tells a claim’s decision to its claimant only', () => {
    const decided = event('claim.decided', { claimantCode: 'JX-AG', status: 'approved' });
    expect([victim, otherVictim, offender].map((listener) => hears(listener, decided, parties()))).toEqual([true, false, false]);
  });

  it('tells appeals to the offender, not the victims', () => {
    expect([offender, victim].map((listener) => hears(listener, event('appeal.decided'), parties()))).toEqual([true, false]);
  });

  it('tells a field rep of the incidents its sightings opened, only how they progress', () => {
    expect(hears(rep, event('incident.transitioned'), parties(true))).toBe(true);
    expect(hears(rep, event('incident.transitioned'), parties(false))).toBe(false);
    expect(hears(rep, event('action.taken'), parties(true))).toBe(false);
  });

  it('tells distributors nothing that belongs to no incident, and nobody unknown anything', () => {
    expect(hears(offender, { type: 'settings.updated' }, null)).toBe(false);
    expect(hears({ role: null, distributorCode: null }, event('incident.opened'), parties())).toBe(false);
  });

  it('keeps the brand’s own cutoff breaches from distributors', () => {
    expect(hears(offender, event('incident.cutoff_breached', { distributorCode: 'ZJ-GA' }), parties())).toBe(false);
    expect(hears(manager, event('incident.cutoff_breached'), parties())).toBe(true);
  });

  it('leaves another distributor an action concerns out of what a victim hears', () => {
    const taken = event('action.taken', { distributorCode: 'ZJ-GA', actionType: 'supply_cutoff' });
    expect(asHeardBy(victim, taken)).toEqual({ type: 'action.taken', incidentId: 'i-1', actionType: 'supply_cutoff' });
    expect(asHeardBy(offender, taken)).toEqual(taken);
    expect(asHeardBy(manager, taken)).toEqual(taken);
  });
});
