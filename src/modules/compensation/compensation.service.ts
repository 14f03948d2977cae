import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { distributorScope } from '../../common/auth/access';
import { Actor } from '../../common/auth/roles';
import { publishEvent, publishEvents } from '../../common/events/domain-events';
import { compareDecimal, formatDecimal } from '../../common/money/money';
import { paginate } from '../../common/pagination/pagination';
import { AuditService } from '../audit/audit.service';
import { findVisibleIncident } from '../incidents/incident-access';
import { Incident } from '../incidents/incident.entity';
import { IncidentsError } from '../incidents/incidents.errors';
import { SettingsService } from '../settings/settings.service';
import { claimForClaimant, toClaimDto } from './claim.mapper';
import { CompensationClaim, ClaimStatus } from './compensation-claim.entity';
import { CompensationError } from './compensation.errors';
import { CLAIMS_SQL } from './compensation.sql';
import { AdjustClaimDto, ApproveClaimDto, ClaimDto, ClaimListDto, ClaimPageDto, ListClaimsQueryDto, PayClaimDto, RejectClaimDto } from './dto/claim.dto';

interface ComputedClaim {
  claimant_code: string;
  lines: number;
  units: string;
  floor_gap: string;
  lost_margin: string;
  amount: string;
}

/**
 * Compensation of an incident's victims (DESIGN §6): proposed by the service
 * from the violations in each victim's territory, adjusted, approved or
 * rejected by a manager (above a threshold by an admin, never by whoever
 * proposed it), then paid. Every change locks the incident's row first, as
 * transitions do, so the resolve and close guards see settled claims.
 */
@Injectable()
export class CompensationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly settings: SettingsService,
    private readonly audit: AuditService,
  ) {}

  async propose(actor: Actor, incidentId: string): Promise<ClaimListDto> {
    return this.dataSource.transaction(async (manager) => {
      const incident = await findVisibleIncident(manager, actor, incidentId, { lock: true });
      if (incident.status !== 'confirmed') {
        throw new IncidentsError('INCIDENT_NOT_CONFIRMED', `Incident ${incident.number} is ${incident.status}: only a confirmed incident is compensated`, {
          status: incident.status,
        });
      }
      await this.proposeWithin(manager, actor, incident, { newClaims: true });
      return { items: await this.claimsOf(manager, incident.id) };
    });
  }

  /**
   * Recomputes the incident's claims inside the caller's transaction (the
   * incident locked): undecided claims are revised, or withdrawn when nothing
   * is owed any more; decided ones stay as decided; `newClaims` adds claims
   * for victims without one.
   */
  async proposeWithin(manager: EntityManager, actor: Actor, incident: Incident, options: { newClaims: boolean }): Promise<void> {
    const { compensation } = await this.settings.workflow(manager);
    const computed = (await manager.query(CLAIMS_SQL, [incident.id, compensation.lostMarginPerUnit])) as ComputedClaim[];
    const existing = await manager.getRepository(CompensationClaim).findBy({ incidentId: incident.id });
    const byClaimant = new Map(existing.map((claim) => [claim.claimantCode, claim]));
    const by = actor.id ?? actor.label;
    const entries: Array<{ claimId: string; claimantCode: string; amount: string; change: 'proposed' | 'revised' | 'withdrawn' }> = [];
    for (const claim of computed) {
      const basis = { lines: claim.lines, units: Number(claim.units), floorGap: claim.floor_gap, lostMargin: claim.lost_margin };
      const current = byClaimant.get(claim.claimant_code);
      if (current === undefined && options.newClaims) {
        const created = await manager.getRepository(CompensationClaim).save(
          manager.create(CompensationClaim, {
            incidentId: incident.id,
            claimantCode: claim.claimant_code,
            amount: claim.amount,
            proposedAmount: claim.amount,
            basis,
            proposedBy: by,
          }),
        );
        entries.push({ claimId: created.id, claimantCode: claim.claimant_code, amount: formatDecimal(claim.amount), change: 'proposed' });
      } else if (current?.status === 'proposed' && (compareDecimal(current.proposedAmount, claim.amount) !== 0 || !sameBasis(current.basis, basis))) {
        // The figures changed: a manager's adjustment of the old ones no longer stands.
        await manager.update(
          CompensationClaim,
          { id: current.id },
          { amount: claim.amount, proposedAmount: claim.amount, basis, adjustmentReason: null, adjustedBy: null, proposedBy: by, proposedAt: () => 'now()' },
        );
        entries.push({ claimId: current.id, claimantCode: claim.claimant_code, amount: formatDecimal(claim.amount), change: 'revised' });
      }
    }
    const owed = new Set(computed.map((claim) => claim.claimant_code));
    for (const claim of existing.filter((candidate) => candidate.status === 'proposed' && !owed.has(candidate.claimantCode))) {
      await manager.delete(CompensationClaim, { id: claim.id });
      entries.push({ claimId: claim.id, claimantCode: claim.claimantCode, amount: '0.00', change: 'withdrawn' });
    }
    await this.audit.record(
      manager,
      actor,
      ...entries.map((entry) => ({
        action: `claim.${entry.change}`,
        entityType: 'incident',
        entityId: incident.id,
        after: { ...entry, status: entry.change === 'withdrawn' ? 'withdrawn' : 'proposed' },
      })),
    );
    await publishEvents(
      manager,
      entries.map((entry) => ({
        type: 'claim.proposed',
        incidentId: incident.id,
        claimId: entry.claimId,
        claimantCode: entry.claimantCode,
        change: entry.change,
      })),
    );
  }

  async adjust(actor: Actor, id: string, dto: AdjustClaimDto): Promise<ClaimDto> {
    return this.decide(actor, id, 'proposed', 'adjusted', async (manager, claim) => {
      await manager.update(CompensationClaim, { id }, { amount: dto.amount, adjustmentReason: dto.reason, adjustedBy: actor.id ?? actor.label });
      return { amount: formatDecimal(dto.amount), was: formatDecimal(claim.amount), reason: dto.reason };
    });
  }

  async approve(actor: Actor, id: string, dto: ApproveClaimDto): Promise<ClaimDto> {
    return this.decide(actor, id, 'proposed', 'approved', async (manager, claim) => {
      const by = actor.id ?? actor.label;
      if (claim.proposedBy === by || claim.adjustedBy === by) {
        const who = claim.proposedBy === by ? 'proposed' : 'adjusted';
        throw new CompensationError('CLAIM_APPROVER_IS_PROPOSER', `A claim is approved by someone other than who ${who} it (four eyes)`);
      }
      const { compensation } = await this.settings.workflow(manager);
      if (compareDecimal(claim.amount, compensation.approvalThreshold) > 0 && actor.role !== 'admin') {
        throw new CompensationError(
          'CLAIM_NEEDS_ADMIN',
          `Claims above ${formatDecimal(compensation.approvalThreshold)} are approved by an admin (this one is ${formatDecimal(claim.amount)})`,
        );
      }
      await manager.update(CompensationClaim, { id }, { status: 'approved', decidedBy: by, decidedAt: () => 'now()', decisionNote: dto.note ?? null });
      return { amount: formatDecimal(claim.amount), note: dto.note ?? null };
    });
  }

  async reject(actor: Actor, id: string, dto: RejectClaimDto): Promise<ClaimDto> {
    return this.decide(actor, id, 'proposed', 'rejected', async (manager, claim) => {
      await manager.update(
        CompensationClaim,
        { id },
        { status: 'rejected', decidedBy: actor.id ?? actor.label, decidedAt: () => 'now()', decisionNote: dto.reason },
      );
      return { amount: formatDecimal(claim.amount), reason: dto.reason };
    });
  }

  async pay(actor: Actor, id: string, dto: PayClaimDto): Promise<ClaimDto> {
    return this.decide(actor, id, 'approved', 'paid', async (manager, claim) => {
      await manager.update(CompensationClaim, { id }, { status: 'paid', paymentRef: dto.paymentRef, paidBy: actor.id ?? actor.label, paidAt: () => 'now()' });
      return { amount: formatDecimal(claim.amount), paymentRef: dto.paymentRef };
    });
  }

  async list(actor: Actor, query: ListClaimsQueryDto): Promise<ClaimPageDto> {
    const builder = this.dataSource.getRepository(CompensationClaim).createQueryBuilder('claim');
    const scope = distributorScope(actor);
    if (scope !== null) builder.andWhere('claim.claimantCode = :scope', { scope });
    if (query.incidentId) builder.andWhere('claim.incidentId = :incidentId', { incidentId: query.incidentId });
    if (query.status) builder.andWhere('claim.status = :status', { status: query.status });
    if (query.claimantCode) builder.andWhere('claim.claimantCode = :claimant', { claimant: query.claimantCode });
    const { rows, nextCursor } = await paginate(builder, query, { column: 'claim.id', direction: 'DESC', valueOf: (row) => row.id });
    return { items: rows.map((row) => (scope === null ? toClaimDto(row) : claimForClaimant(toClaimDto(row)))), nextCursor };
  }

  async get(actor: Actor, id: string): Promise<ClaimDto> {
    const claim = await this.dataSource.getRepository(CompensationClaim).findOneBy({ id });
    const scope = distributorScope(actor);
    if (!claim || (scope !== null && claim.claimantCode !== scope)) throw new CompensationError('CLAIM_NOT_FOUND', `No claim ${id}`);
    return scope === null ? toClaimDto(claim) : claimForClaimant(toClaimDto(claim));
  }

  /** An incident's claims by claimant: all of them, or the claimant's own as it reads them. */
  async claimsOfIncident(incidentId: string, claimantCode: string | null = null): Promise<ClaimDto[]> {
    const claims = await this.claimsOf(this.dataSource.manager, incidentId);
    return claimantCode === null ? claims : claims.filter((claim) => claim.claimantCode === claimantCode).map(claimForClaimant);
  }

  private async claimsOf(manager: EntityManager, incidentId: string): Promise<ClaimDto[]> {
    const claims = await manager.getRepository(CompensationClaim).find({ where: { incidentId }, order: { claimantCode: 'ASC' } });
    return claims.map(toClaimDto);
  }

  /** A change of one claim in `from` status: the incident locked, then the claim; audited on the incident's timeline. */
  private async decide(
    actor: Actor,
    id: string,
    from: ClaimStatus,
    change: 'adjusted' | 'approved' | 'rejected' | 'paid',
    apply: (manager: EntityManager, claim: CompensationClaim) => Promise<Record<string, unknown>>,
  ): Promise<ClaimDto> {
    return this.dataSource.transaction(async (manager) => {
      const found = await manager.getRepository(CompensationClaim).findOneBy({ id });
      if (!found) throw new CompensationError('CLAIM_NOT_FOUND', `No claim ${id}`);
      await findVisibleIncident(manager, actor, found.incidentId, { lock: true });
      // Read again under the incident's lock: a proposal meanwhile may have revised or withdrawn it.
      const claim = await manager.getRepository(CompensationClaim).findOneBy({ id });
      if (!claim) throw new CompensationError('CLAIM_NOT_FOUND', `No claim ${id}: it was withdrawn when the incident's claims were proposed again`);
      if (claim.status !== from) {
        throw new CompensationError('CLAIM_ILLEGAL_STATE', `Claim ${id} is ${claim.status}: only a ${from} claim can be ${change}`, {
          status: claim.status,
        });
      }
      const details = await apply(manager, claim);
      const updated = await manager.getRepository(CompensationClaim).findOneByOrFail({ id });
      await this.audit.record(manager, actor, {
        action: `claim.${change}`,
        entityType: 'incident',
        entityId: claim.incidentId,
        before: { claimId: id, status: claim.status },
        after: { claimId: id, claimantCode: claim.claimantCode, status: updated.status, ...details },
      });
      await publishEvent(manager, {
        type: change === 'approved' || change === 'rejected' ? 'claim.decided' : `claim.${change}`,
        incidentId: claim.incidentId,
        claimId: id,
        claimantCode: claim.claimantCode,
        status: updated.status,
      });
      return toClaimDto(updated);
    });
  }
}

function sameBasis(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  return JSON.stringify(a, Object.keys(a).sort()) === JSON.stringify(b, Object.keys(b).sort());
}
