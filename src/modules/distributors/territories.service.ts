import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { Actor } from '../../common/auth/roles';
import { paginate } from '../../common/pagination/pagination';
import { validateOneOrMany } from '../../common/validation/one-or-many';
import { ADVISORY_LOCKS, lockForTransaction } from '../../database/advisory-locks';
import { insertInChunks } from '../../database/insert-in-chunks';
import { AuditService } from '../audit/audit.service';
import { RegionsService } from '../regions/regions.service';
import { DistributorsService } from './distributors.service';
import { DistributorsError } from './distributors.errors';
import { assertNoExclusiveConflict } from './domain/exclusive-conflicts';
import { CreateGrantDto, EndGrantDto, GrantDto, GrantListDto, GrantPageDto, ListGrantsQueryDto } from './dto/territory.dto';
import { TerritoryGrant } from './territory-grant.entity';
import { toGrantDto } from './territory.mapper';

@Injectable()
export class TerritoriesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly distributors: DistributorsService,
    private readonly regions: RegionsService,
    private readonly audit: AuditService,
  ) {}

  /** Grants one or many territories; all or nothing. */
  async grant(actor: Actor, distributorCode: string, body: unknown): Promise<GrantDto | GrantListDto> {
    const { items, many } = validateOneOrMany(CreateGrantDto, body);
    return this.dataSource.transaction(async (manager) => {
      await lockForTransaction(manager, ADVISORY_LOCKS.territories);
      await this.distributors.getVisibleOrThrow(manager, actor, distributorCode);
      await this.regions.assertKnown(
        manager,
        items.map((item, index) => ({ field: many ? `[${index}].regionCode` : 'regionCode', code: item.regionCode })),
      );
      const identifiers = await insertInChunks(
        manager,
        TerritoryGrant,
        items.map((item) => ({
          distributorCode,
          regionCode: item.regionCode,
          productLine: item.productLine ?? null,
          channel: item.channel ?? null,
          validFrom: item.validFrom,
          validTo: item.validTo ?? null,
          exclusive: item.exclusive ?? true,
        })),
      );
      const ids = identifiers.map((identifier) => identifier.id as string);
      await assertNoExclusiveConflict(manager, ids);
      const grants = (await manager.findBy(TerritoryGrant, { id: In(ids) })).sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id)).map(toGrantDto);
      await this.audit.record(
        manager,
        actor,
        ...grants.map((grant) => ({ action: 'territory_grant.created', entityType: 'territory_grant', entityId: grant.id, after: grant })),
      );
      return many ? { items: grants } : grants[0];
    });
  }

  async list(actor: Actor, distributorCode: string, query: ListGrantsQueryDto): Promise<GrantPageDto> {
    await this.distributors.getVisibleOrThrow(this.dataSource.manager, actor, distributorCode);
    const builder = this.dataSource
      .getRepository(TerritoryGrant)
      .createQueryBuilder('grant')
      .where('grant.distributorCode = :distributorCode', { distributorCode });
    if (query.activeOn) {
      builder.andWhere('grant.validFrom <= :day AND (grant.validTo IS NULL OR grant.validTo >= :day)', { day: query.activeOn });
    }
    if (query.regionCode) builder.andWhere('grant.regionCode = :regionCode', { regionCode: query.regionCode });
    if (query.productLine) builder.andWhere('grant.productLine = :productLine', { productLine: query.productLine });
    const { rows, nextCursor } = await paginate(builder, query, { column: 'grant.id', direction: 'ASC', valueOf: (row) => row.id });
    return { items: rows.map(toGrantDto), nextCursor };
  }

  /** Sets the grant's last day; extending it again runs the overlap check again. */
  async end(actor: Actor, distributorCode: string, grantId: string, dto: EndGrantDto): Promise<GrantDto> {
    return this.dataSource.transaction(async (manager) => {
      await lockForTransaction(manager, ADVISORY_LOCKS.territories);
      await this.distributors.getVisibleOrThrow(manager, actor, distributorCode);
      const grant = await manager.findOne(TerritoryGrant, { where: { id: grantId, distributorCode } });
      if (!grant) throw new DistributorsError('TERRITORY_GRANT_NOT_FOUND', `No grant ${grantId} for distributor ${distributorCode}`);
      if (dto.validTo < grant.validFrom) {
        throw new DistributorsError('TERRITORY_GRANT_END_BEFORE_START', `validTo ${dto.validTo} is before the grant's validFrom ${grant.validFrom}`, [
          { field: 'validTo', problems: [`must not be before ${grant.validFrom}`] },
        ]);
      }
      const before = toGrantDto(grant);
      await manager.update(TerritoryGrant, { id: grantId }, { validTo: dto.validTo });
      // Shortening never creates an overlap; lengthening can.
      const lengthened = grant.validTo !== null && dto.validTo > grant.validTo;
      if (lengthened) await assertNoExclusiveConflict(manager, [grantId]);
      const after = { ...before, validTo: dto.validTo };
      await this.audit.record(manager, actor, { action: 'territory_grant.ended', entityType: 'territory_grant', entityId: grantId, before, after });
      return after;
    });
  }
}
