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
