import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { Actor } from '../../common/auth/roles';
import { Page, paginate } from '../../common/pagination/pagination';
import { preparedQuery } from '../../database/prepared-query';
import { AuditEvent } from './audit-event.entity';
import { AuditEventDto, ListAuditEventsQueryDto } from './dto/audit-event.dto';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string;
  before?: object | null;
  after?: object | null;
}

@Injectable()
export class AuditService {
  constructor(@InjectRepository(AuditEvent) private readonly events: Repository<AuditEvent>) {}

  /** Records changes inside the caller's transaction, so the trail and the change commit together. */
  async record(manager: EntityManager, actor: Actor, ...entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    // One parameter for any number of entries: bulk calls stay far from PostgreSQL's parameter limit.
    const rows = entries.map((entry) => ({
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId,
      before: entry.before ?? null,
      after: entry.after ?? null,
    }));
    await this.recordFromQuery(
      manager,
      actor,
      `SELECT e.action, e.entity_type, e.entity_id, e.before, e.after
       FROM jsonb_to_recordset($1::jsonb) AS e (action text, entity_type text, entity_id text, before jsonb, after jsonb)`,
      [JSON.stringify(rows)],
    );
  }

  /** Records one entry and answers its id and time: for entries that are the record itself (a comment). */
  async recordOne(manager: EntityManager, actor: Actor, entry: AuditEntry): Promise<{ id: string; at: Date }> {
    const [row] = (await manager.query(
      `INSERT INTO audit_event (actor_kind, actor_id, actor_label, request_id, action, entity_type, entity_id, before, after)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id, at`,
      [actor.kind, actor.id, actor.label, actor.requestId, entry.action, entry.entityType, entry.entityId, entry.before ?? null, entry.after ?? null],
    )) as Array<{ id: string; at: Date }>;
    return row;
  }

  /**
   * Makes a change and records it in one statement (one round trip, for hot
   * paths): `change` is a data-modifying statement with parameters $1..$n,
   * run as a named prepared statement.
   */
  async recordWith(manager: EntityManager, actor: Actor, entry: AuditEntry, change: { name: string; text: string; parameters: unknown[] }): Promise<void> {
    const n = change.parameters.length;
    const columns = Array.from({ length: 9 }, (_, index) => `$${n + index + 1}`).join(', ');
    await preparedQuery(
      manager,
      change.name,
      `WITH change AS (${change.text})
       INSERT INTO audit_event (actor_kind, actor_id, actor_label, request_id, action, entity_type, entity_id, before, after) VALUES (${columns})`,
      [
        ...change.parameters,
        actor.kind,
        actor.id,
        actor.label,
        actor.requestId,
        entry.action,
        entry.entityType,
        entry.entityId,
        entry.before ?? null,
        entry.after ?? null,
      ],
    );
  }

  /**
   * Records the rows a query selects — (action, entity_type, entity_id, before,
   * after) — for set-based changes audited row by row without leaving SQL.
   */
  async recordFromQuery(manager: EntityManager, actor: Actor, select: string, parameters: unknown[]): Promise<void> {
    const n = parameters.length;
    await manager.query(
      `INSERT INTO audit_event (actor_kind, actor_id, actor_label, request_id, action, entity_type, entity_id, before, after)
       SELECT $${n + 1}, $${n + 2}, $${n + 3}, $${n + 4}, changed.action, changed.entity_type, changed.entity_id, changed.before, changed.after
       FROM (${select}) AS changed (action, entity_type, entity_id, before, after)`,
      [...parameters, actor.kind, actor.id, actor.label, actor.requestId],
    );
  }

  async list(query: ListAuditEventsQueryDto): Promise<Page<AuditEventDto>> {
    const builder = this.events.createQueryBuilder('event');
    if (query.entityType) builder.andWhere('event.entityType = :entityType', { entityType: query.entityType });
    if (query.entityId) builder.andWhere('event.entityId = :entityId', { entityId: query.entityId });
    if (query.actorId) builder.andWhere('event.actorId = :actorId', { actorId: query.actorId });
    if (query.action) builder.andWhere('event.action = :action', { action: query.action });
    if (query.requestId) builder.andWhere('event.requestId = :requestId', { requestId: query.requestId });
    const { rows, nextCursor } = await paginate(builder, query, { column: 'event.id', direction: 'DESC', valueOf: (row) => row.id });
    return { items: rows.map(toAuditEventDto), nextCursor };
  }
}

export function toAuditEventDto(event: AuditEvent): AuditEventDto {
  return {
    id: event.id,
    at: event.at.toISOString(),
    actor: { kind: event.actorKind, id: event.actorId, label: event.actorLabel },
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId,
    before: event.before as Record<string, unknown> | null,
    after: event.after as Record<string, unknown> | null,
    requestId: event.requestId,
  };
}
