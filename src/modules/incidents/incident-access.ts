import { Brackets, EntityManager, SelectQueryBuilder } from 'typeorm';
import { distributorScope } from '../../common/auth/access';
import { Actor, isManager } from '../../common/auth/roles';
import { Incident } from './incident.entity';
import { IncidentsError } from './incidents.errors';

/** How a caller stands to an incident: managers see all of it; a distributor as its offender or as a victim; a field rep as its reporter. */
export type IncidentStanding = 'manager' | 'offender' | 'victim' | 'reporter';

/** Managers see every incident; a distributor those in which it is the offender or a victim; a field rep those its sightings opened. */
export function visibleIncidents(manager: EntityManager, actor: Actor): SelectQueryBuilder<Incident> {
  const builder = manager.getRepository(Incident).createQueryBuilder('incident');
  if (actor.role === 'field_rep') {
    builder.andWhere(`incident.id IN (SELECT unnest(s.opened_incident_ids) FROM sighting s WHERE s.reported_by = :rep AND s.opened_incident_ids <> '{}')`, {
      rep: actor.id,
    });
  }
  const scope = distributorScope(actor);
  if (scope !== null) {
    builder.andWhere(
      new Brackets((where) => where.where('incident.offenderCode = :scope', { scope }).orWhere(':scope = ANY(incident.victim_codes)', { scope })),
    );
  }
  return builder;
}

/** The incident if the caller may see it, else the same 404 as a missing one; `lock` holds its row to the end of the transaction. */
export async function findVisibleIncident(manager: EntityManager, actor: Actor, id: string, options: { lock?: boolean } = {}): Promise<Incident> {
  const builder = visibleIncidents(manager, actor).andWhere('incident.id = :id', { id });
  if (options.lock) builder.setLock('pessimistic_write', undefined, ['incident']);
  const incident = await builder.getOne();
  if (!incident) throw new IncidentsError('INCIDENT_NOT_FOUND', `No incident ${id}`);
  return incident;
}

export function standingOf(actor: Actor, incident: Pick<Incident, 'offenderCode'>): IncidentStanding {
  if (isManager(actor)) return 'manager';
  if (actor.role === 'field_rep') return 'reporter';
  return incident.offenderCode !== null && incident.offenderCode === actor.distributorCode ? 'offender' : 'victim';
}
