import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { distributorScope } from '../../common/auth/access';
import { Actor } from '../../common/auth/roles';
import { CommonError } from '../../common/errors/common.errors';
import { publishEvent } from '../../common/events/domain-events';
import { paginate } from '../../common/pagination/pagination';
import { AuditService } from '../audit/audit.service';
import { CompensationService } from '../compensation/compensation.service';
import { IncidentGroupingService } from '../incidents/incident-grouping.service';
import { Incident } from '../incidents/incident.entity';
import { ViolationsError } from '../violations/violations.service';
import { Violation } from '../violations/violation.entity';
import { toAppealDto } from './appeal.mapper';
import { AppealsError } from './appeals.errors';
import { AppealDto, AppealPageDto, CreateAppealDto, DecideAppealDto, ListAppealsQueryDto } from './dto/appeal.dto';
import { ViolationAppeal } from './violation-appeal.entity';

/**
 * The accused distributor's appeal against a violation (DESIGN §7): accepted,
 * the violation is voided, its incident rescaled and regraded, and the
 * incident's undecided claims proposed again; rejected, nothing changes.
 */
@Injectable()
export class AppealsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly grouping: IncidentGroupingService,
    private readonly compensation: CompensationService,
    private readonly audit: AuditService,
  ) {}

  async file(actor: Actor, violationId: string, dto: CreateAppealDto): Promise<AppealDto> {
    return this.dataSource.transaction(async (manager) => {
      const violation = await manager.getRepository(Violation).findOneBy({ id: violationId });
      // Only the accused appeals; anyone else gets the same 404 as a missing violation.
      if (!violation || violation.offenderCode === null || violation.offenderCode !== actor.distributorCode) {
        throw new ViolationsError('VIOLATION_NOT_FOUND', `No violation ${violationId} against you`);
      }
      if (violation.status !== 'active') {
        throw new AppealsError('APPEAL_NOT_APPEALABLE', `Violation ${violationId} is ${violation.status}: only an active violation is appealed`);
      }
      const appeal = await manager.getRepository(ViolationAppeal).save(
        manager.create(ViolationAppeal, {
          violationId,
          incidentId: violation.incidentId,
          distributorCode: violation.offenderCode,
          reason: dto.reason,
          evidence: dto.evidence ?? null,
          createdBy: actor.id ?? actor.label,
        }),
      );
      const saved = await manager.getRepository(ViolationAppeal).findOneByOrFail({ id: appeal.id });
      await this.recordOnIncident(manager, actor, saved, 'filed');
      return this.forCaller(actor, toAppealDto(saved));
    });
  }

  async accept(actor: Actor, id: string, dto: DecideAppealDto): Promise<AppealDto> {
    return this.decide(actor, id, 'accepted', dto, async (manager, appeal) => {
      const reason = `appeal accepted${dto.reason ? `: ${dto.reason}` : ''}`;
      await manager.query(`UPDATE violation SET status = 'voided', void_reason = $2 WHERE id = $1 AND status = 'active'`, [appeal.violationId, reason]);
      if (appeal.incidentId === null) return;
      await this.grouping.refresh(manager, [appeal.incidentId]);
      const incident = await manager.getRepository(Incident).findOneByOrFail({ id: appeal.incidentId });
      if (incident.status === 'confirmed') await this.compensation.proposeWithin(manager, actor, incident, { newClaims: false });
    });
  }

  async reject(actor: Actor, id: string, dto: DecideAppealDto): Promise<AppealDto> {
    if (!dto.reason) {
      throw new CommonError('VALIDATION_FAILED', 'reason is required to reject an appeal', [
        { field: 'reason', problems: ['reason is required to reject an appeal'] },
      ]);
    }
    return this.decide(actor, id, 'rejected', dto, async () => undefined);
  }

  async list(actor: Actor, query: ListAppealsQueryDto): Promise<AppealPageDto> {
    const builder = this.dataSource.getRepository(ViolationAppeal).createQueryBuilder('appeal');
    const scope = distributorScope(actor);
    if (scope !== null) builder.andWhere('appeal.distributorCode = :scope', { scope });
    if (query.status) builder.andWhere('appeal.status = :status', { status: query.status });
    if (query.violationId) builder.andWhere('appeal.violationId = :violationId', { violationId: query.violationId });
    if (query.incidentId) builder.andWhere('appeal.incidentId = :incidentId', { incidentId: query.incidentId });
    if (query.distributorCode) builder.andWhere('appeal.distributorCode = :code', { code: query.distributorCode });
    const { rows, nextCursor } = await paginate(builder, query, { column: 'appeal.id', direction: 'DESC', valueOf: (row) => row.id });
    return { items: rows.map((row) => this.forCaller(actor, toAppealDto(row))), nextCursor };
  }

  async get(actor: Actor, id: string): Promise<AppealDto> {
    const appeal = await this.dataSource.getRepository(ViolationAppeal).findOneBy({ id });
    const scope = distributorScope(actor);
    if (!appeal || (scope !== null && appeal.distributorCode !== scope)) throw new AppealsError('APPEAL_NOT_FOUND', `No appeal ${id}`);
    return this.forCaller(actor, toAppealDto(appeal));
  }

  /** Decides a pending appeal: its incident locked first (as transitions lock it), then the appeal. */
  private async decide(
    actor: Actor,
    id: string,
    to: 'accepted' | 'rejected',
    dto: DecideAppealDto,
    consequences: (manager: EntityManager, appeal: ViolationAppeal) => Promise<void>,
  ): Promise<AppealDto> {
    return this.dataSource.transaction(async (manager) => {
      const found = await manager.getRepository(ViolationAppeal).findOneBy({ id });
      if (!found) throw new AppealsError('APPEAL_NOT_FOUND', `No appeal ${id}`);
      if (found.incidentId !== null) await manager.query(`SELECT id FROM incident WHERE id = $1 FOR UPDATE`, [found.incidentId]);
      const [updated] = (await manager.query(
        `UPDATE violation_appeal SET status = $2, decided_by = $3, decided_at = now(), decision_reason = $4 WHERE id = $1 AND status = 'pending' RETURNING id`,
        [id, to, actor.id ?? actor.label, dto.reason ?? null],
      )) as [Array<{ id: string }>, number];
      if (updated.length === 0) {
        const { status } = await manager.getRepository(ViolationAppeal).findOneByOrFail({ id });
        throw new AppealsError('APPEAL_DECIDED', `Appeal ${id} was already decided: ${status}`, { status });
      }
      const appeal = await manager.getRepository(ViolationAppeal).findOneByOrFail({ id });
      await consequences(manager, appeal);
      await this.recordOnIncident(manager, actor, appeal, to);
      return toAppealDto(appeal);
    });
  }

  /** The appellant does not learn who at the brand decided. */
  private forCaller(actor: Actor, appeal: AppealDto): AppealDto {
    return distributorScope(actor) === null ? appeal : { ...appeal, decidedBy: null };
  }

  private async recordOnIncident(manager: EntityManager, actor: Actor, appeal: ViolationAppeal, change: string): Promise<void> {
    const after = {
      appealId: appeal.id,
      violationId: appeal.violationId,
      distributorCode: appeal.distributorCode,
      status: appeal.status,
      reason: appeal.reason,
    };
    const entityType = appeal.incidentId === null ? 'violation' : 'incident';
    const entityId = appeal.incidentId ?? appeal.violationId;
    await this.audit.record(manager, actor, { action: `appeal.${change}`, entityType, entityId, after: { ...after, decisionReason: appeal.decisionReason } });
    if (appeal.incidentId !== null)
      await publishEvent(manager, {
        type: change === 'filed' ? 'appeal.filed' : 'appeal.decided',
        status: appeal.status,
        incidentId: appeal.incidentId,
        appealId: appeal.id,
      });
  }
}
