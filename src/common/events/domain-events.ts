import type { EntityManager } from 'typeorm';

/** The PostgreSQL channel that carries domain events between service instances (LISTEN/NOTIFY). */
export const EVENTS_CHANNEL = 'ccm_events';

export interface DomainEvent {
  /** e.g. incident.transitioned, incident.action_taken */
  type: string;
  incidentId?: string;
  [detail: string]: unknown;
}

/**
 * Publishes an event inside the caller's transaction: NOTIFY is delivered on
 * commit and dropped on rollback, so listeners never hear of a change that
 * did not happen. Keep events small (PostgreSQL caps a payload at 8000 bytes):
 * ids and states, not documents.
 */
export async function publishEvent(manager: EntityManager, event: DomainEvent): Promise<void> {
  await manager.query(`SELECT pg_notify($1, $2)`, [EVENTS_CHANNEL, JSON.stringify({ ...event, at: new Date().toISOString() })]);
}

/** Publishes several events in one statement (an import opening many incidents). */
export async function publishEvents(manager: EntityManager, events: DomainEvent[]): Promise<void> {
  if (events.length === 0) return;
  const at = new Date().toISOString();
  await manager.query(`SELECT pg_notify($1, payload) FROM unnest($2::text[]) AS payload`, [
    EVENTS_CHANNEL,
    events.map((event) => JSON.stringify({ ...event, at })),
  ]);
}
