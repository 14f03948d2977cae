import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor } from '../../common/auth/roles';
import { CommonError } from '../../common/errors/common.errors';
import { publishEvent } from '../../common/events/domain-events';
import { AuditService } from '../audit/audit.service';
import { findVisibleIncident } from '../incidents/incident-access';
import { IncidentsError } from '../incidents/incidents.errors';
import { toActionDto, toCutoffDto } from './action.mapper';
import { ActionDto, CreateActionDto, CutoffDto, LiftCutoffDto } from './dto/action.dto';
import { EnforcementError } from './enforcement.errors';
import { IncidentAction } from './incident-action.entity';

/** Which fields each kind of action takes; any other is refused rather than silently dropped. */
const FIELDS: Record<IncidentAction['type'], { required: Array<keyof CreateActionDto>; allowed: Array<keyof CreateActionDto> }> = {
  warning: { required: [], allowed: [] },
  rebate_deduction: { required: ['amount', 'rebatePeriod'], allowed: ['amount', 'rebatePeriod'] },
  fine: { required: ['amount'], allowed: ['amount'] },
  supply_cutoff: { required: ['endsAt'], allowed: ['productLines', 'skus', 'startsAt', 'endsAt'] },
};
const TYPED_FIELDS: Array<keyof CreateActionDto> = ['amount', 'rebatePeriod', 'productLines', 'skus', 'startsAt', 'endsAt'];

/**
 * Enforcement on confirmed incidents (DESIGN §6): warnings, rebate
 * deductions and fines into the distributor's penalty ledger, and supply
 * cutoffs, lifted by hand or ended at their planned end.
 */
@Injectable()
export class EnforcementService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async takeAction(actor: Actor, incidentId: string, dto: CreateActionDto): Promise<ActionDto> {
    assertFields(dto);
    const startsAt = dto.startsAt ? moment('startsAt', dto.startsAt) : new Date();
    const endsAt = dto.endsAt ? moment('endsAt', dto.endsAt) : null;
    if (endsAt && endsAt.getTime() <= startsAt.getTime()) {
      throw invalid('endsAt', `endsAt must be after the cutoff starts (${startsAt.toISOString()})`);
    }
    return this.dataSource.transaction(async (manager) => {
      // Locked: a transition to resolved checks the cutoffs, and waits for this one.
      const incident = await findVisibleIncident(manager, actor, incidentId, { lock: true });
      if (incident.status !== 'confirmed') {
        throw new IncidentsError('INCIDENT_NOT_CONFIRMED', `Incident ${incident.number} is ${incident.status}: only a confirmed incident carries enforcement`, {
          status: incident.status,
        });
      }
      const distributorCode = dto.distributorCode ?? incident.offenderCode;
      if (distributorCode === null) {
        throw new EnforcementError('ACTION_NO_DISTRIBUTOR', `Incident ${incident.number} has no offender: name the distributorCode the action concerns`);
      }
      if (dto.type === 'supply_cutoff') await this.assertScopeKnown(manager, dto);
      const action = await manager.getRepository(IncidentAction).save(
        manager.create(IncidentAction, {
          incidentId: incident.id,
          type: dto.type,
          distributorCode,
          amount: dto.amount ?? null,
          rebatePeriod: dto.rebatePeriod ?? null,
          productLines: dto.type === 'supply_cutoff' ? [...new Set(dto.productLines ?? [])] : [],
          skus: dto.type === 'supply_cutoff' ? [...new Set(dto.skus ?? [])] : [],
          startsAt: dto.type === 'supply_cutoff' ? startsAt : null,
          endsAt,
          note: dto.note ?? null,
          createdBy: actor.id ?? actor.label,
        }),
      );
      const saved = await manager.getRepository(IncidentAction).findOneByOrFail({ id: action.id });
      const view = toActionDto(saved);
      await this.audit.record(manager, actor, {
        action: 'action.taken',
        entityType: 'incident',
        entityId: incident.id,
        after: { actionId: saved.id, ...view },
      });
      await publishEvent(manager, { type: 'action.taken', incidentId: incident.id, actionId: saved.id, actionType: saved.type, distributorCode });
      return view;
    });
  }

  /** Ends a cutoff before its planned end. */
  async liftCutoff(actor: Actor, id: string, dto: LiftCutoffDto): Promise<CutoffDto> {
    return this.dataSource.transaction(async (manager) => {
      const cutoff = await manager
        .getRepository(IncidentAction)
        .createQueryBuilder('action')
        .where(`action.id = :id AND action.type = 'supply_cutoff'`, { id })
        .setLock('pessimistic_write')
        .getOne();
      if (!cutoff) throw new EnforcementError('CUTOFF_NOT_FOUND', `No supply cutoff ${id}`);
      if (cutoff.liftedAt !== null) throw new EnforcementError('CUTOFF_NOT_ACTIVE', `Cutoff ${id} was already lifted at ${cutoff.liftedAt.toISOString()}`);
      if (cutoff.endsAt!.getTime() <= Date.now())
        throw new EnforcementError('CUTOFF_NOT_ACTIVE', `Cutoff ${id} already ended at ${cutoff.endsAt!.toISOString()}`);
      await manager.update(IncidentAction, { id }, { liftedAt: () => 'now()', liftedBy: actor.id ?? actor.label, liftReason: dto.reason ?? null });
      const lifted = await manager.getRepository(IncidentAction).findOneByOrFail({ id });
      const view = toCutoffDto(lifted);
      await this.audit.record(manager, actor, {
        action: 'cutoff.lifted',
        entityType: 'incident',
        entityId: cutoff.incidentId,
        after: { actionId: id, type: 'supply_cutoff', distributorCode: cutoff.distributorCode, liftedAt: view.liftedAt, reason: dto.reason ?? null },
      });
      await publishEvent(manager, { type: 'cutoff.lifted', incidentId: cutoff.incidentId, cutoffId: id, distributorCode: cutoff.distributorCode });
      return view;
    });
  }

  /** A cutoff names product lines and SKUs that exist. */
  private async assertScopeKnown(manager: EntityManager, dto: CreateActionDto): Promise<void> {
    const [unknown] = (await manager.query(
      `SELECT ARRAY(SELECT l FROM unnest($1::text[]) AS l WHERE NOT EXISTS (SELECT 1 FROM product p WHERE p.product_line = l)) AS lines,
              ARRAY(SELECT s FROM unnest($2::text[]) AS s WHERE NOT EXISTS (SELECT 1 FROM product p WHERE p.sku = s)) AS skus`,
      [dto.productLines ?? [], dto.skus ?? []],
    )) as Array<{ lines: string[]; skus: string[] }>;
    const problems = [
      ...(unknown.lines.length > 0 ? [{ field: 'productLines', problems: [`no products in line(s) ${unknown.lines.join(', ')}`] }] : []),
      ...(unknown.skus.length > 0 ? [{ field: 'skus', problems: [`no product(s) ${unknown.skus.join(', ')}`] }] : []),
    ];
    if (problems.length > 0)
      throw new CommonError('REFERENCE_NOT_FOUND', problems.map((problem) => `${problem.field}: ${problem.problems[0]}`).join('; '), problems);
  }
}

function assertFields(dto: CreateActionDto): void {
  const { required, allowed } = FIELDS[dto.type];
  const missing = required.filter((field) => dto[field] === undefined);
  const extra = TYPED_FIELDS.filter((field) => dto[field] !== undefined && !allowed.includes(field));
  const problems = [
    ...missing.map((field) => ({ field, problems: [`${field} is required for a ${dto.type}`] })),
    ...extra.map((field) => ({ field, problems: [`${field} does not apply to a ${dto.type}`] })),
  ];
  if (problems.length > 0) {
    throw new CommonError('VALIDATION_FAILED', problems.map((problem) => problem.problems[0]).join('; '), problems);
  }
}

/** An ISO 8601 moment as a Date: week and ordinal dates pass the format check but are no moment. */
function moment(field: string, value: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw invalid(field, `${field} must be a date-time such as 2026-07-01T00:00:00+08:00`);
  return date;
}

const invalid = (field: string, message: string) => new CommonError('VALIDATION_FAILED', message, [{ field, problems: [message] }]);
