import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor } from '../../common/auth/roles';
import { PageQueryDto, pageOf } from '../../common/pagination/pagination';
import { TimelineEntry, timelineFor } from './domain/timeline-view';
import { TimelineDto } from './dto/transition-incident.dto';
import { findVisibleIncident, standingOf } from './incident-access';

/** The timeline kind of an audited action: these by name, the others by their prefix (claim.approved is a claim). */
const KIND_OF_ACTION: Record<string, string> = {
  'incident.transitioned': 'transition',
  'incident.assigned': 'assignment',
  'incident.commented': 'comment',
  'action.taken': 'action',
  'cutoff.lifted': 'cutoff_lifted',
};

/**
 * An incident's history in order: its opening, the violations and complaints
 * that joined it, then everything the audit trail recorded against it
 * (transitions, comments, actions, claims, appeals).
 */
const TIMELINE_SQL = `
  SELECT * FROM (
    SELECT i.opened_at AS at, 'opened' AS kind, 'incident.opened' AS action, NULL::text AS actor_kind, NULL::text AS actor_id, NULL::text AS actor_label,
           jsonb_build_object('status', 'open', 'number', i.number, 'recurrenceOf', i.recurrence_of) AS details, 0 AS rank, 0::bigint AS seq, '' AS key
    FROM incident i WHERE i.id = $1
    UNION ALL
    SELECT min(v.detected_at), 'violations_joined', 'violations.joined', NULL, NULL, NULL,
           jsonb_build_object('sourceKind', v.source_kind, 'sourceId', coalesce(v.report_id::text, v.source_id), 'reportRef', max(v.report_ref),
                              'violations', count(*), 'types', jsonb_agg(DISTINCT v.type), 'lines', count(DISTINCT coalesce(v.line_no, 0))),
           1, 0, v.source_kind || ':' || coalesce(v.report_id::text, v.source_id)
    FROM violation v WHERE v.incident_id = $1
    GROUP BY v.source_kind, coalesce(v.report_id::text, v.source_id)
    UNION ALL
    SELECT c.created_at, 'complaint', 'complaint.filed', NULL, NULL, NULL,
           jsonb_build_object('complaintId', c.id, 'complainantCode', c.complainant_code, 'regionCode', c.region_code, 'description', c.description), 1, 0, 'complaint:' || c.id
    FROM complaint c WHERE c.incident_id = $1
    UNION ALL
    -- A cutoff that reached its planned end without being lifted ended by itself: no one recorded it.
    SELECT a.ends_at, 'cutoff_ended', 'cutoff.ended', NULL, NULL, NULL,
           jsonb_build_object('actionId', a.id, 'type', a.type, 'distributorCode', a.distributor_code, 'endsAt', a.ends_at), 3, 0, 'cutoff:' || a.id
    FROM incident_action a WHERE a.incident_id = $1 AND a.type = 'supply_cutoff' AND a.lifted_at IS NULL AND a.ends_at <= now()
    UNION ALL
    SELECT e.at, NULL, e.action, e.actor_kind, e.actor_id, e.actor_label,
           coalesce(e.after, '{}'::jsonb) || CASE WHEN e.action = 'incident.transitioned' THEN jsonb_build_object('from', e.before ->> 'status', 'to', e.after ->> 'status') ELSE '{}'::jsonb END,
           2, e.id, ''
    FROM audit_event e WHERE e.entity_type = 'incident' AND e.entity_id = $1::text
  ) entries
  -- What happened in one transaction keeps its order: the opening, what joined, then what was recorded.
  ORDER BY at, rank, seq, key
  LIMIT $2`;

/** How many entries a timeline reads at most; the role filter runs over them before paging. */
const MAX_TIMELINE_ENTRIES = 10_000;

@Injectable()
export class IncidentTimelineService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async timeline(actor: Actor, id: string, query: PageQueryDto): Promise<TimelineDto> {
    const incident = await findVisibleIncident(this.dataSource.manager, actor, id);
    const rows = (await this.dataSource.query(TIMELINE_SQL, [incident.id, MAX_TIMELINE_ENTRIES])) as Array<{
      at: Date;
      kind: string | null;
      action: string;
      actor_kind: string | null;
      actor_id: string | null;
      actor_label: string | null;
      details: Record<string, unknown>;
    }>;
    const entries: TimelineEntry[] = rows.map((row) => ({
      at: row.at.toISOString(),
      kind: row.kind ?? KIND_OF_ACTION[row.action] ?? row.action.split('.')[0],
      action: row.action,
      actor: row.actor_kind ? { kind: row.actor_kind, id: row.actor_id, label: row.actor_label ?? '' } : null,
      details: row.details,
    }));
    // Filtered before paging, so that a party's pages are full.
    const visible = timelineFor(standingOf(actor, incident), actor.distributorCode, entries);
    return { incidentId: incident.id, ...pageOf(visible, query) };
  }
}
