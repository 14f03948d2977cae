import type { DomainEvent } from '../../../common/events/domain-events';

/** Who is listening, as far as what it may hear goes. */
export interface Listener {
  role: 'admin' | 'channel_manager' | 'field_rep' | 'distributor' | null;
  distributorCode: string | null;
}

/** What the listener has to do with the event's incident: its offender and victims, and whether the listener's sightings opened it. */
export interface IncidentParties {
  offenderCode: string | null;
  victimCodes: string[];
  openedByListener: boolean;
}

/**
 * Whether a listener hears an event (DESIGN §6: a distributor
 * receives only what concerns it). Managers hear everything. A distributor
 * hears the events of incidents it is a party to — claims only its own,
 * appeals only as the offender; a field rep the openings and transitions of
 * the incidents its sightings opened. Events carry ids and states, no money.
 */
export function hears(listener: Listener, event: DomainEvent, parties: IncidentParties | null): boolean {
  if (listener.role === 'admin' || listener.role === 'channel_manager') return true;
  // The brand's own breaches of its cutoffs are its business; and nobody unknown hears anything.
  if (listener.role === null || parties === null || event.type === 'incident.cutoff_breached') return false;
  if (listener.role === 'field_rep') return parties.openedByListener && (event.type === 'incident.opened' || event.type === 'incident.transitioned');
  const own = listener.distributorCode;
  const isOffender = own !== null && parties.offenderCode === own;
  const isVictim = own !== null && parties.victimCodes.includes(own);
  if (event.type.startsWith('claim.')) return isVictim && event.claimantCode === own;
  if (event.type.startsWith('appeal.')) return isOffender;
  return isOffender || isVictim;
}

/** The event as a distributor hears it: another distributor named in it (whom an action concerns) is left out. */
export function asHeardBy(listener: Listener, event: DomainEvent): DomainEvent {
  if (listener.role !== 'distributor' || typeof event.distributorCode !== 'string' || event.distributorCode === listener.distributorCode) return event;
  const { distributorCode: _other, ...rest } = event;
  return rest as DomainEvent;
}
