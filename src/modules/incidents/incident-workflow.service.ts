import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, isManager } from '../../common/auth/roles';
import { publishEvent } from '../../common/events/domain-events';
import { AuditService } from '../audit/audit.service';
import { SettingsService } from '../settings/settings.service';
import { WorkflowSettings } from '../settings/workflow-settings';
import { assigneeProblem, dueAtFor, incidentStateMachine, TransitionContext, TransitionInput } from './domain/incident-state';
import { IncidentDto } from './dto/incident.dto';
import { AssignIncidentDto, CommentDto, CreateCommentDto, NextStatesDto, TransitionIncidentDto } from './dto/transition-incident.dto';
import { findVisibleIncident } from './incident-access';
import { Incident, IncidentStatus, OPEN_INCIDENT_STATUSES } from './incident.entity';
import { toIncidentDto } from './incident.mapper';
import { IncidentsError } from './incidents.errors';

/** What each move needs the request to carry. */
const REQUIRES: Partial<Record<IncidentStatus, (incident: Incident) => string[]>> = {
  investigating: (incident) => (incident.assigneeId ? [] : ['assigneeId']),
  confirmed: () => ['assessment'],
  dismissed: () => ['reason'],
};

/** Roles that may be assigned an investigation. */
const INVESTIGATOR_ROLES = ['admin', 'channel_manager'];

/**
 * Moves incidents through DESIGN §6's workflow. A transition is checked
 * against the transition table and its guards, then applied as one
 * conditional UPDATE (id, version, from-state) with its audit row and event
 * in the same transaction; the incident's row is locked first, so actions
 * and claims that feed the guards cannot slip in between.
 */
@Injectable()
export class IncidentWorkflowService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly settings: SettingsService,
    private readonly audit: AuditService,
  ) {}

  async transition(actor: Actor, id: string, ifMatch: string | undefined, dto: TransitionIncidentDto): Promise<IncidentDto> {
    const expected = versionOf(ifMatch);
    return this.dataSource.transaction(async (manager) => {
      const incident = await findVisibleIncident(manager, actor, id, { lock: true });
      if (incident.version !== expected) {
        throw new IncidentsError('INCIDENT_VERSION_STALE', `Incident ${incident.number} is at version ${incident.version}, not ${expected}: read it again`, {
          currentVersion: incident.version,
          status: incident.status,
        });
      }
      const settings = await this.settings.workflow(manager);
      const input: TransitionInput = { assigneeId: dto.assigneeId, assessment: dto.assessment, reason: dto.reason };
      const context = await this.contextOf(manager, actor, incident, input, settings);
      const check = incidentStateMachine.check(incident.status, dto.to, context);
      if (!check.ok) {
        const code = check.illegal ? 'INCIDENT_ILLEGAL_TRANSITION' : 'INCIDENT_TRANSITION_GUARDED';
        throw new IncidentsError(code, `Incident ${incident.number} cannot move from ${check.from} to ${check.to}: ${check.reason}`, {
          from: check.from,
          to: check.to,
          reason: check.reason,
        });
      }
      // A new assignee given with another move is checked as starting an investigation checks it.
      if (dto.assigneeId !== undefined && dto.to !== 'investigating') {
        const problem = assigneeProblem(input, context.assignee);
        if (problem !== null) throw new IncidentsError('INCIDENT_ASSIGNEE_INVALID', problem, { assigneeId: dto.assigneeId });
      }
      const updated = await this.apply(manager, actor, incident, dto, settings);
      await this.audit.record(manager, actor, {
        action: 'incident.transitioned',
        entityType: 'incident',
        entityId: incident.id,
        before: { status: incident.status, version: incident.version, assigneeId: incident.assigneeId },
        after: {
          status: updated.status,
          version: updated.version,
          assigneeId: updated.assigneeId,
          ...(dto.assessment ? { assessment: dto.assessment } : {}),
          ...(dto.reason ? { reason: dto.reason } : {}),
          ...(dto.note ? { note: dto.note } : {}),
        },
      });
      await publishEvent(manager, {
        type: 'incident.transitioned',
        incidentId: incident.id,
        from: incident.status,
        to: updated.status,
        version: updated.version,
      });
      return toIncidentDto(updated);
    });
  }

  /** The moves from the incident's state, each with whether the caller may make it now and what the request must carry. */
  async nextStates(actor: Actor, id: string): Promise<NextStatesDto> {
    const manager = this.dataSource.manager;
    const incident = await findVisibleIncident(manager, actor, id);
    const base = { status: incident.status, version: incident.version };
    if (!isManager(actor)) {
      const reason = 'only a channel_manager or an admin changes an incident';
      return { ...base, items: incidentStateMachine.targets(incident.status).map((to) => ({ to, allowed: false, reason, requires: [] })) };
    }
    const context = await this.contextOf(manager, actor, incident, {}, await this.settings.workflow(manager));
    return {
      ...base,
      items: incidentStateMachine.nextStates(incident.status, context).map((next) => ({ ...next, requires: REQUIRES[next.to]?.(incident) ?? [] })),
    };
  }

  /** Hands the investigation to another channel manager or admin; a change of the incident, so its version moves on. */
  async assign(actor: Actor, id: string, dto: AssignIncidentDto): Promise<IncidentDto> {
    return this.dataSource.transaction(async (manager) => {
      const incident = await findVisibleIncident(manager, actor, id, { lock: true });
      if (!OPEN_INCIDENT_STATUSES.includes(incident.status)) {
        throw new IncidentsError('INCIDENT_FINAL', `Incident ${incident.number} is ${incident.status}: it takes no assignee any more`, {
          status: incident.status,
        });
      }
      const input: TransitionInput = { assigneeId: dto.assigneeId };
      const context = await this.contextOf(manager, actor, incident, input, await this.settings.workflow(manager));
      const problem = assigneeProblem(input, context.assignee);
      if (problem !== null) throw new IncidentsError('INCIDENT_ASSIGNEE_INVALID', problem, { assigneeId: dto.assigneeId });
      await manager.query(`UPDATE incident SET assignee_id = $2, version = version + 1, updated_at = now() WHERE id = $1`, [incident.id, dto.assigneeId]);
      const updated = await manager.getRepository(Incident).findOneByOrFail({ id: incident.id });
      await this.audit.record(manager, actor, {
        action: 'incident.assigned',
        entityType: 'incident',
        entityId: incident.id,
        before: { assigneeId: incident.assigneeId, version: incident.version },
        after: { assigneeId: dto.assigneeId, version: updated.version, ...(dto.note ? { note: dto.note } : {}) },
      });
      await publishEvent(manager, { type: 'incident.assigned', incidentId: incident.id, assigneeId: dto.assigneeId, version: updated.version });
      return toIncidentDto(updated);
    });
  }

  /** A note on the incident's timeline (kept in the audit trail). */
  async comment(actor: Actor, id: string, dto: CreateCommentDto): Promise<CommentDto> {
    return this.dataSource.transaction(async (manager) => {
      const incident = await findVisibleIncident(manager, actor, id);
      const event = await this.audit.recordOne(manager, actor, {
        action: 'incident.commented',
        entityType: 'incident',
        entityId: incident.id,
        after: { body: dto.body },
      });
      return { id: event.id, incidentId: incident.id, body: dto.body, authorId: actor.id, authorLabel: actor.label, at: event.at.toISOString() };
    });
  }

  private async apply(manager: EntityManager, actor: Actor, incident: Incident, dto: TransitionIncidentDto, settings: WorkflowSettings): Promise<Incident> {
    const confirming = dto.to === 'confirmed';
    const [rows] = (await manager.query(
      `UPDATE incident
       SET status = $4, version = version + 1, status_changed_at = now(), due_at = $5, updated_at = now(),
           assignee_id = coalesce($6::uuid, assignee_id),
           confirmed_units = CASE WHEN $7 THEN $8::bigint ELSE confirmed_units END,
           confirmed_value = CASE WHEN $7 THEN $9::numeric ELSE confirmed_value END,
           findings = CASE WHEN $7 THEN $10 ELSE findings END,
           confirmed_by = CASE WHEN $7 THEN $11 ELSE confirmed_by END,
           confirmed_at = CASE WHEN $7 THEN now() ELSE confirmed_at END,
           dismissal_reason = coalesce($12, dismissal_reason),
           resolved_at = CASE WHEN $4 = 'resolved' THEN now() ELSE resolved_at END
       WHERE id = $1 AND version = $2 AND status = $3
       RETURNING id`,
      [
        incident.id,
        incident.version,
        incident.status,
        dto.to,
        dueAtFor(dto.to, new Date(), settings.slaHours),
        dto.assigneeId ?? null,
        confirming,
        confirming ? dto.assessment!.confirmedUnits : null,
        confirming ? dto.assessment!.confirmedValue : null,
        confirming ? dto.assessment!.findings : null,
        confirming ? (actor.id ?? actor.label) : null,
        dto.to === 'dismissed' ? dto.reason : null,
      ],
    )) as [Array<{ id: string }>, number];
    // The row is locked and its version checked: only a bug gets here.
    if (rows.length === 0) throw new IncidentsError('INCIDENT_VERSION_STALE', `Incident ${incident.number} changed meanwhile: read it again`);
    return manager.getRepository(Incident).findOneByOrFail({ id: incident.id });
  }

  private async contextOf(
    manager: EntityManager,
    actor: Actor,
    incident: Incident,
    input: TransitionInput,
    settings: WorkflowSettings,
  ): Promise<TransitionContext> {
    const [facts] = (await manager.query(
      `SELECT (SELECT count(*)::int FROM incident_action a
               WHERE a.incident_id = $1 AND a.type = 'supply_cutoff' AND a.lifted_at IS NULL AND a.ends_at > now()) AS active_cutoffs,
              (SELECT count(*)::int FROM compensation_claim c WHERE c.incident_id = $1 AND c.status = 'proposed') AS undecided_claims,
              (SELECT count(*)::int FROM compensation_claim c WHERE c.incident_id = $1 AND c.status = 'approved') AS unpaid_approved_claims,
              (SELECT jsonb_build_object('role', u.role, 'active', u.active) FROM app_user u WHERE u.id = $2::uuid) AS assignee`,
      [incident.id, input.assigneeId ?? null],
    )) as Array<{ active_cutoffs: number; undecided_claims: number; unpaid_approved_claims: number; assignee: { role: string; active: boolean } | null }>;
    return {
      actorId: actor.id ?? actor.label,
      input,
      incident: { assigneeId: incident.assigneeId, confirmedBy: incident.confirmedBy },
      assignee: facts.assignee ? { canInvestigate: INVESTIGATOR_ROLES.includes(facts.assignee.role), active: facts.assignee.active } : null,
      activeCutoffs: facts.active_cutoffs,
      undecidedClaims: facts.undecided_claims,
      unpaidApprovedClaims: facts.unpaid_approved_claims,
      fourEyesClose: settings.fourEyesClose,
    };
  }
}

/** The version an If-Match header names: `3`, `"3"` or `W/"3"`; missing is 428, anything else 400. */
export function versionOf(ifMatch: string | undefined): number {
  if (ifMatch === undefined || ifMatch.trim() === '' || ifMatch.trim() === '*') {
    throw new IncidentsError('INCIDENT_VERSION_REQUIRED', 'Send the incident version you read as If-Match (GET /incidents/:id answers it as version and ETag)');
  }
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(ifMatch.trim());
  if (!match) throw new IncidentsError('INCIDENT_VERSION_MALFORMED', `If-Match must be the incident's version, such as "3"; got ${JSON.stringify(ifMatch)}`);
  return Number(match[1]);
}
