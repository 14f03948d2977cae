import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { canSeeDistributor, distributorScope } from '../../common/auth/access';
import { Actor } from '../../common/auth/roles';
import { formatDecimal } from '../../common/money/money';
import { paginate } from '../../common/pagination/pagination';
import { PageQueryDto } from '../../common/pagination/pagination';
import { CatalogError } from '../catalog/catalog.errors';
import { DistributorsError } from '../distributors/distributors.errors';
import { toActionDto, toCutoffDto } from './action.mapper';
import { ActionDto, CutoffPageDto, LedgerDto, ListCutoffsQueryDto, SupplyCheckDto, SupplyCheckQueryDto } from './dto/action.dto';
import { CUTOFF_COVERS, CUTOFF_IN_FORCE } from './enforcement.sql';
import { IncidentAction, PENALTY_TYPES } from './incident-action.entity';

/** Reads of enforcement: cutoffs, the supply check an ERP asks before an order, a distributor's penalty ledger. */
@Injectable()
export class EnforcementQueriesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** An incident's actions, oldest first. */
  async actionsOf(incidentId: string): Promise<ActionDto[]> {
    const actions = await this.dataSource.getRepository(IncidentAction).find({ where: { incidentId }, order: { id: 'ASC' } });
    const now = new Date();
    return actions.map((action) => toActionDto(action, now));
  }

  async listCutoffs(actor: Actor, query: ListCutoffsQueryDto): Promise<CutoffPageDto> {
    const builder = this.dataSource.getRepository(IncidentAction).createQueryBuilder('action').where(`action.type = 'supply_cutoff'`);
    const scope = distributorScope(actor);
    if (scope !== null) builder.andWhere('action.distributorCode = :scope', { scope });
    if (query.distributorCode) builder.andWhere('action.distributorCode = :code', { code: query.distributorCode });
    if (query.incidentId) builder.andWhere('action.incidentId = :incidentId', { incidentId: query.incidentId });
    if (query.active !== undefined) builder.andWhere(query.active ? CUTOFF_IN_FORCE('action', 'now()') : `NOT (${CUTOFF_IN_FORCE('action', 'now()')})`);
    const { rows, nextCursor } = await paginate(builder, query, { column: 'action.id', direction: 'DESC', valueOf: (row) => row.id });
    const now = new Date();
    return { items: rows.map((row) => toCutoffDto(row, now)), nextCursor };
  }

  /** Blocked while a cutoff covering the SKU is in force for the distributor. */
  async supplyCheck(actor: Actor, query: SupplyCheckQueryDto): Promise<SupplyCheckDto> {
    if (!canSeeDistributor(actor, query.distributorCode)) {
      throw new DistributorsError('DISTRIBUTOR_NOT_FOUND', `No distributor ${query.distributorCode}`);
    }
    const [row] = (await this.dataSource.query(
      `SELECT EXISTS (SELECT 1 FROM distributor WHERE code = $1) AS distributor_known,
              (SELECT product_line FROM product WHERE sku = $2) AS product_line,
              ARRAY(SELECT a.id FROM incident_action a, product p
                    WHERE p.sku = $2 AND a.distributor_code = $1 AND ${CUTOFF_IN_FORCE('a', 'now()')} AND ${CUTOFF_COVERS('a', 'p.sku', 'p.product_line')}
                    ORDER BY a.id) AS cutoff_ids`,
      [query.distributorCode, query.sku],
    )) as Array<{ distributor_known: boolean; product_line: string | null; cutoff_ids: string[] }>;
    if (!row.distributor_known) {
      throw new DistributorsError('DISTRIBUTOR_UNKNOWN', `distributorCode: no distributor ${query.distributorCode}`, [
        { field: 'distributorCode', problems: [`no distributor ${query.distributorCode}`] },
      ]);
    }
    if (row.product_line === null) {
      throw new CatalogError('PRODUCT_UNKNOWN', `sku: no product ${query.sku}`, [{ field: 'sku', problems: [`no product ${query.sku}`] }]);
    }
    const cutoffs = row.cutoff_ids.length === 0 ? [] : await this.dataSource.getRepository(IncidentAction).findBy(row.cutoff_ids.map((id) => ({ id })));
    const allowed = cutoffs.length === 0;
    return {
      allowed,
      decision: allowed ? 'allowed' : 'blocked',
      distributorCode: query.distributorCode,
      sku: query.sku,
      productLine: row.product_line,
      cutoffs: cutoffs.map((cutoff) => toCutoffDto(cutoff)),
    };
  }

  /** The distributor's penalties, newest first, signed: what a penalty takes from it is negative. */
  async ledger(actor: Actor, code: string, query: PageQueryDto): Promise<LedgerDto> {
    const [distributor] = (await this.dataSource.query(
      `SELECT d.code, money_text(coalesce((SELECT -sum(a.amount) FROM incident_action a WHERE a.distributor_code = d.code AND a.type = ANY ($2::text[])), 0)) AS balance
       FROM distributor d WHERE d.code = $1`,
      [code, PENALTY_TYPES],
    )) as Array<{ code: string; balance: string }>;
    if (!distributor || !canSeeDistributor(actor, code)) throw new DistributorsError('DISTRIBUTOR_NOT_FOUND', `No distributor ${code}`);
    const builder = this.dataSource
      .getRepository(IncidentAction)
      .createQueryBuilder('action')
      .innerJoinAndSelect('action.incident', 'incident')
      .where('action.distributorCode = :code AND action.type IN (:...types)', { code, types: PENALTY_TYPES });
    const { rows, nextCursor } = await paginate(builder, query, { column: 'action.id', direction: 'DESC', valueOf: (row) => row.id });
    return {
      distributorCode: code,
      balance: formatDecimal(distributor.balance),
      items: rows.map((action) => ({
        id: action.id,
        incidentId: action.incidentId,
        incidentNumber: action.incident!.number,
        type: action.type,
        amount: action.amount === null ? '0.00' : formatDecimal(`-${action.amount}`),
        rebatePeriod: action.rebatePeriod,
        note: action.note,
        at: action.createdAt.toISOString(),
      })),
      nextCursor,
    };
  }
}
