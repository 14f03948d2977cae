import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { Actor } from '../../common/auth/roles';
import { paginate } from '../../common/pagination/pagination';
import { validateOneOrMany } from '../../common/validation/one-or-many';
import { AuditService } from '../audit/audit.service';
import { RegionsService } from '../regions/regions.service';
import { DistributorsService } from './distributors.service';
import { DistributorsError } from './distributors.errors';
import { EXCLUSIVE_CONFLICTS_SQL } from './domain/exclusive-conflicts.sql';
import { CreateGrantDto, EndGrantDto, GrantDto, GrantListDto, GrantPageDto, ListGrantsQueryDto } from './dto/territory.dto';
import { TerritoryGrant } from './territory-grant.entity';
import { toGrantDto } from './territory.mapper';

// Grant writes are rare; serialising them makes the overlap check race-free.
const TERRITORY_WRITE_LOCK = 727_100_010;

interface ConflictRow {
  grant_id: string;
  id: string;
  distributor_code: string;
  region_code: string;
  product_line: string | null;
  channel: string | null;
  valid_from: string;
  valid_to: string | null;
}

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
      await manager.query('SELECT pg_advisory_xact_lock($1)', [TERRITORY_WRITE_LOCK]);
      await this.distributors.getVisibleOrThrow(manager, actor, distributorCode);
      await this.regions.assertKnown(
        manager,
        items.map((item, index) => ({ field: many ? `[${index}].regionCode` : 'regionCode', code: item.regionCode })),
      );
      const { identifiers } = await manager.insert(
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
      await this.assertNoExclusiveConflict(manager, distributorCode, ids);
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
      await manager.query('SELECT pg_advisory_xact_lock($1)', [TERRITORY_WRITE_LOCK]);
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
      await this.assertNoExclusiveConflict(manager, distributorCode, [grantId]);
      const after = { ...before, validTo: dto.validTo };
      await this.audit.record(manager, actor, { action: 'territory_grant.ended', entityType: 'territory_grant', entityId: grantId, before, after });
      return after;
    });
  }

  private async assertNoExclusiveConflict(manager: EntityManager, distributorCode: string, grantIds: string[]): Promise<void> {
    const conflicts: ConflictRow[] = await manager.query(EXCLUSIVE_CONFLICTS_SQL, [grantIds, distributorCode]);
    if (conflicts.length === 0) return;
    const first = conflicts[0];
    throw new DistributorsError(
      'TERRITORY_EXCLUSIVE_CONFLICT',
      `The exclusive grant overlaps ${first.distributor_code}'s exclusive grant ${first.id} on ${first.region_code}` +
        ` (${first.product_line ?? 'all lines'}, ${first.channel ?? 'all channels'}, ${first.valid_from} to ${first.valid_to ?? 'open-ended'})`,
      {
        conflicts: conflicts.map((row) => ({
          grantIndex: grantIds.indexOf(row.grant_id),
          conflictingGrant: {
            id: row.id,
            distributorCode: row.distributor_code,
            regionCode: row.region_code,
            productLine: row.product_line,
            channel: row.channel,
            validFrom: row.valid_from,
            validTo: row.valid_to,
          },
        })),
      },
    );
  }
}
