import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { canSeeDistributor, distributorScope } from '../../common/auth/access';
import { Actor } from '../../common/auth/roles';
import { paginate } from '../../common/pagination/pagination';
import { containsPattern } from '../../common/sql';
import { ADVISORY_LOCKS, lockForTransaction } from '../../database/advisory-locks';
import { AuditService } from '../audit/audit.service';
import { RegionsService } from '../regions/regions.service';
import { Distributor } from './distributor.entity';
import { assertNoExclusiveConflict } from './domain/exclusive-conflicts';
import { DistributorsError } from './distributors.errors';
import { CreateDistributorDto, DistributorDto, DistributorPageDto, ListDistributorsQueryDto, UpdateDistributorDto } from './dto/distributor.dto';

@Injectable()
export class DistributorsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(Distributor) private readonly distributors: Repository<Distributor>,
    private readonly regions: RegionsService,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Actor, dto: CreateDistributorDto): Promise<DistributorDto> {
    return this.dataSource.transaction(async (manager) => {
      await this.regions.assertKnown(manager, [{ field: 'homeRegionCode', code: dto.homeRegionCode }]);
      if (dto.parentCode) await this.assertKnown(manager, dto.parentCode, 'parentCode');
      await manager.insert(Distributor, {
        code: dto.code,
        name: dto.name.trim(),
        tier: dto.tier ?? null,
        parentCode: dto.parentCode ?? null,
        homeRegionCode: dto.homeRegionCode,
        status: dto.status ?? 'active',
      });
      const created = toDistributorDto(await this.getEntityOrThrow(manager, dto.code));
      await this.audit.record(manager, actor, { action: 'distributor.created', entityType: 'distributor', entityId: dto.code, after: created });
      return created;
    });
  }

  async list(actor: Actor, query: ListDistributorsQueryDto): Promise<DistributorPageDto> {
    const builder = this.distributors.createQueryBuilder('distributor');
    const scope = distributorScope(actor);
    if (scope !== null) builder.andWhere('distributor.code = :scope', { scope });
    if (query.status) builder.andWhere('distributor.status = :status', { status: query.status });
    if (query.tier) builder.andWhere('distributor.tier = :tier', { tier: query.tier });
    if (query.parentCode) builder.andWhere('distributor.parentCode = :parentCode', { parentCode: query.parentCode });
    if (query.homeRegionCode) {
      builder.innerJoin('region_closure', 'rc', 'rc.descendant_code = distributor.home_region_code AND rc.ancestor_code = :home', {
        home: query.homeRegionCode,
      });
    }
    if (query.q) {
      builder.andWhere(`(distributor.code ILIKE :q ESCAPE '\\' OR distributor.name ILIKE :q ESCAPE '\\')`, { q: containsPattern(query.q) });
    }
    const { rows, nextCursor } = await paginate(builder, query, { column: 'distributor.code', direction: 'ASC', valueOf: (row) => row.code });
    return { items: rows.map(toDistributorDto), nextCursor };
  }

  async get(actor: Actor, code: string): Promise<DistributorDto> {
    if (!canSeeDistributor(actor, code)) throw notFound(code);
    return toDistributorDto(await this.getEntityOrThrow(this.dataSource.manager, code));
  }

  async update(actor: Actor, code: string, dto: UpdateDistributorDto): Promise<DistributorDto> {
    return this.dataSource.transaction(async (manager) => {
      const parentChanges = dto.parentCode !== undefined;
      // A new parent can create a cycle or an overlap of exclusive grants: serialise with the territory writers.
      if (parentChanges) await lockForTransaction(manager, ADVISORY_LOCKS.territories);
      const distributor = await this.getEntityOrThrow(manager, code, true);
      const before = toDistributorDto(distributor);
      if (dto.homeRegionCode) await this.regions.assertKnown(manager, [{ field: 'homeRegionCode', code: dto.homeRegionCode }]);
      if (dto.parentCode) {
        await this.assertKnown(manager, dto.parentCode, 'parentCode');
        await this.assertNotOwnAncestor(manager, code, dto.parentCode);
      }
      const changes: Partial<Distributor> = {
        ...(dto.name !== undefined ? { name: dto.name.trim() } : {}),
        ...(dto.tier !== undefined ? { tier: dto.tier } : {}),
        ...(dto.parentCode !== undefined ? { parentCode: dto.parentCode } : {}),
        ...(dto.homeRegionCode !== undefined ? { homeRegionCode: dto.homeRegionCode } : {}),
        ...(dto.status !== undefined ? { status: dto.status } : {}),
      };
      if (Object.keys(changes).length > 0) await manager.update(Distributor, { code }, changes);
      if (parentChanges && dto.parentCode !== distributor.parentCode) await this.assertSubtreeGrantsStillExclusive(manager, code);
      const after = toDistributorDto(await this.getEntityOrThrow(manager, code));
      if (JSON.stringify({ ...before, updatedAt: '' }) === JSON.stringify({ ...after, updatedAt: '' })) return after;
      await this.audit.record(manager, actor, {
        action: before.status !== after.status ? 'distributor.status_changed' : 'distributor.updated',
        entityType: 'distributor',
        entityId: code,
        before,
        after,
      });
      return after;
    });
  }

  /** 422 naming the field when the code is not a distributor. */
  async assertKnown(manager: EntityManager, code: string, field: string): Promise<void> {
    if (!(await manager.exists(Distributor, { where: { code } }))) {
      throw new DistributorsError('DISTRIBUTOR_UNKNOWN', `${field}: no distributor ${code}`, [{ field, problems: [`no distributor ${code}`] }]);
    }
  }

  /** Loads a distributor the caller may see, or the same 404 as a missing one. */
  async getVisibleOrThrow(manager: EntityManager, actor: Actor, code: string): Promise<Distributor> {
    if (!canSeeDistributor(actor, code)) throw notFound(code);
    return this.getEntityOrThrow(manager, code);
  }

  /** Leaving a general agent puts the distributor's (and its sub-distributors') exclusive grants against the agent's. */
  private async assertSubtreeGrantsStillExclusive(manager: EntityManager, code: string): Promise<void> {
    const grants: Array<{ id: string }> = await manager.query(
      `WITH RECURSIVE subtree (code) AS (
         SELECT $1::text
         UNION
         SELECT d.code FROM subtree JOIN distributor d ON d.parent_code = subtree.code
       )
       SELECT g.id FROM territory_grant g WHERE g.exclusive AND g.distributor_code IN (SELECT code FROM subtree)`,
      [code],
    );
    await assertNoExclusiveConflict(
      manager,
      grants.map((grant) => grant.id),
      `${code} cannot change parent`,
    );
  }

  private async assertNotOwnAncestor(manager: EntityManager, code: string, parentCode: string): Promise<void> {
    const [row] = await manager.query(
      `WITH RECURSIVE up (code) AS (
         SELECT $2::text
         UNION
         SELECT d.parent_code FROM up JOIN distributor d ON d.code = up.code WHERE d.parent_code IS NOT NULL
       )
       SELECT EXISTS (SELECT 1 FROM up WHERE code = $1) AS cycle`,
      [code, parentCode],
    );
    if (row.cycle) {
      throw new DistributorsError('DISTRIBUTOR_PARENT_CYCLE', `${parentCode} works under ${code}, so it cannot be its parent`, [
        { field: 'parentCode', problems: ['would make the distributor its own ancestor'] },
      ]);
    }
  }

  private async getEntityOrThrow(manager: EntityManager, code: string, lock = false): Promise<Distributor> {
    const distributor = await manager.findOne(Distributor, { where: { code }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!distributor) throw notFound(code);
    return distributor;
  }
}

const notFound = (code: string) => new DistributorsError('DISTRIBUTOR_NOT_FOUND', `No distributor ${code}`);

export function toDistributorDto(distributor: Distributor): DistributorDto {
  return {
    code: distributor.code,
    name: distributor.name,
    tier: distributor.tier,
    parentCode: distributor.parentCode,
    homeRegionCode: distributor.homeRegionCode,
    status: distributor.status,
    createdAt: distributor.createdAt.toISOString(),
    updatedAt: distributor.updatedAt.toISOString(),
  };
}
