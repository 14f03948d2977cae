import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { appConfig } from '../../config/configuration';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { Actor } from '../../common/auth/roles';
import { rangesOverlap, today } from '../../common/dates/business-date';
import { CommonError } from '../../common/errors/common.errors';
import { formatDecimal } from '../../common/money/money';
import { paginate } from '../../common/pagination/pagination';
import { camelRow } from '../../database/camel-row';
import { preparedQuery } from '../../database/prepared-query';
import { validateOneOrMany } from '../../common/validation/one-or-many';
import { insertInChunks } from '../../database/insert-in-chunks';
import { AuditService } from '../audit/audit.service';
import { RegionsService } from '../regions/regions.service';
import { CatalogError } from './catalog.errors';
import { applicableFloorSql } from './domain/floor-precedence.sql';
import {
  ApplicableFloorDto,
  ApplicableFloorQueryDto,
  CreatePriceFloorDto,
  EndPriceFloorDto,
  ListPriceFloorsQueryDto,
  PriceFloorDto,
  PriceFloorListDto,
  PriceFloorPageDto,
} from './dto/price-floor.dto';
import { PriceFloor } from './price-floor.entity';
import { ProductsService } from './products.service';

const scopeOf = (floor: Pick<PriceFloor, 'sku' | 'productLine' | 'regionCode' | 'channel' | 'level'>) =>
  JSON.stringify([floor.sku ?? null, floor.productLine ?? null, floor.regionCode ?? null, floor.channel ?? null, floor.level]);

@Injectable()
export class PriceFloorsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly products: ProductsService,
    private readonly regions: RegionsService,
    private readonly audit: AuditService,
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
  ) {}

  /** Creates one floor or many; all or nothing. Same scope and level with overlapping dates is refused. */
  async create(actor: Actor, body: unknown): Promise<PriceFloorDto | PriceFloorListDto> {
    const { items, many } = validateOneOrMany(CreatePriceFloorDto, body);
    const field = (index: number, name: string) => (many ? `[${index}].${name}` : name);
    const targetProblems = items.flatMap((item, index) =>
      Boolean(item.sku) === Boolean(item.productLine) ? [{ field: field(index, 'sku'), problems: ['give exactly one of sku and productLine'] }] : [],
    );
    if (targetProblems.length > 0) throw new CommonError('VALIDATION_FAILED', 'A floor is for a SKU or for a product line: give exactly one', targetProblems);
    return this.dataSource.transaction(async (manager) => {
      const skus = items.flatMap((item, index) => (item.sku ? [{ field: field(index, 'sku'), sku: item.sku }] : []));
      if (skus.length > 0) await this.products.assertKnown(manager, skus);
      await this.regions.assertKnown(
        manager,
        items.map((item, index) => ({ field: field(index, 'regionCode'), code: item.regionCode })),
      );
      await this.assertNoOverlap(manager, items, many);
      const identifiers = await insertInChunks(
        manager,
        PriceFloor,
        items.map((item) => ({
          sku: item.sku ?? null,
          productLine: item.sku ? null : (item.productLine ?? null),
          regionCode: item.regionCode ?? null,
          channel: item.channel ?? null,
          level: item.level,
          minUnitPrice: item.minUnitPrice,
          validFrom: item.validFrom,
          validTo: item.validTo ?? null,
        })),
      );
      const ids = identifiers.map((identifier) => identifier.id as string);
      const floors = (await manager.findBy(PriceFloor, { id: In(ids) })).sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id)).map(toPriceFloorDto);
      await this.audit.record(
        manager,
        actor,
        ...floors.map((floor) => ({ action: 'price_floor.created', entityType: 'price_floor', entityId: floor.id, after: floor })),
      );
      return many ? { items: floors } : floors[0];
    });
  }

  async list(query: ListPriceFloorsQueryDto): Promise<PriceFloorPageDto> {
    const builder = this.dataSource.getRepository(PriceFloor).createQueryBuilder('floor');
    if (query.sku) builder.andWhere('floor.sku = :sku', { sku: query.sku });
    if (query.productLine) builder.andWhere('floor.productLine = :productLine', { productLine: query.productLine });
    if (query.regionCode) builder.andWhere('floor.regionCode = :regionCode', { regionCode: query.regionCode });
    if (query.channel) builder.andWhere('floor.channel = :channel', { channel: query.channel });
    if (query.level) builder.andWhere('floor.level = :level', { level: query.level });
    if (query.activeOn) builder.andWhere('floor.validFrom <= :day AND (floor.validTo IS NULL OR floor.validTo >= :day)', { day: query.activeOn });
    const { rows, nextCursor } = await paginate(builder, query, { column: 'floor.id', direction: 'ASC', valueOf: (row) => row.id });
    return { items: rows.map(toPriceFloorDto), nextCursor };
  }

  async get(id: string): Promise<PriceFloorDto> {
    return toPriceFloorDto(await this.getEntityOrThrow(this.dataSource.manager, id));
  }

  async end(actor: Actor, id: string, dto: EndPriceFloorDto): Promise<PriceFloorDto> {
    return this.dataSource.transaction(async (manager) => {
      const floor = await this.getEntityOrThrow(manager, id, true);
      if (dto.validTo < floor.validFrom) {
        throw new CatalogError('PRICE_FLOOR_END_BEFORE_START', `validTo ${dto.validTo} is before the floor's validFrom ${floor.validFrom}`, [
          { field: 'validTo', problems: [`must not be before ${floor.validFrom}`] },
        ]);
      }
      const before = toPriceFloorDto(floor);
      await manager.update(PriceFloor, { id }, { validTo: dto.validTo });
      const after = toPriceFloorDto(await this.getEntityOrThrow(manager, id));
      await this.audit.record(manager, actor, { action: 'price_floor.ended', entityType: 'price_floor', entityId: id, before, after });
      return after;
    });
  }

  /** The floor §4 picks for this sale: SKU over line, deeper region over shallower, channel-specific over all-channel. */
  async applicable(query: ApplicableFloorQueryDto): Promise<ApplicableFloorDto> {
    const level = query.level ?? 'distributor';
    const date = query.date ?? today(this.app.businessTimeZone);
    const [row] = await preparedQuery<{ product_line: string | null; region_known: boolean; floor: Record<string, unknown> | null }>(
      this.dataSource,
      'applicable-floor',
      `WITH i AS (
         SELECT 1 AS line_id, p.sku, p.product_line, $2::text AS channel, $3::text AS region_code, $4::date AS sale_date, $5::text AS level
         FROM product p WHERE p.sku = $1
       )
       SELECT (SELECT product_line FROM product WHERE sku = $1) AS product_line,
              $3::text IS NULL OR EXISTS (SELECT 1 FROM region WHERE code = $3) AS region_known,
              (SELECT to_jsonb(f) || jsonb_build_object('min_unit_price', f.min_unit_price::text)
               FROM (${applicableFloorSql('i')}) chosen JOIN price_floor f ON f.id = chosen.floor_id) AS floor`,
      [query.sku, query.channel ?? null, query.regionCode ?? null, date, level],
    );
    if (row.product_line === null)
      throw new CatalogError('PRODUCT_UNKNOWN', `sku: no product ${query.sku}`, [{ field: 'sku', problems: [`no product ${query.sku}`] }]);
    if (!row.region_known) await this.regions.assertKnown(this.dataSource.manager, [{ field: 'regionCode', code: query.regionCode }]);
    return {
      floor: row.floor ? toPriceFloorDto(camelRow<PriceFloor>(row.floor)) : null,
      sku: query.sku,
      productLine: row.product_line,
      regionCode: query.regionCode ?? null,
      channel: query.channel ?? null,
      level,
      date,
    };
  }

  /** Names the stored floor (or the other payload item) a new floor would overlap. */
  private async assertNoOverlap(manager: EntityManager, items: CreatePriceFloorDto[], many: boolean): Promise<void> {
    const conflicts: Array<{ field: string; problems: string[] }> = [];
    const normalised = items.map((item) => ({ ...item, productLine: item.sku ? null : (item.productLine ?? null) }) as CreatePriceFloorDto);
    // Only floors of the same scope can overlap: compare within each scope.
    const byScope = new Map<string, number[]>();
    normalised.forEach((item, index) => {
      const key = scopeOf(item as PriceFloor);
      const earlier = byScope.get(key) ?? [];
      for (const other of earlier) {
        const previous = normalised[other];
        if (rangesOverlap(previous.validFrom, previous.validTo ?? null, item.validFrom, item.validTo ?? null)) {
          conflicts.push({ field: `[${index}]`, problems: [`overlaps [${other}]: same scope and level on overlapping dates`] });
        }
      }
      byScope.set(key, [...earlier, index]);
    });
    const stored: Array<{ idx: number; id: string; valid_from: string; valid_to: string | null; min_unit_price: string }> = await manager.query(
      `SELECT n.idx, f.id, f.valid_from, f.valid_to, f.min_unit_price
       FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::date[], $8::date[])
         AS n (idx, sku, product_line, region_code, channel, level, valid_from, valid_to)
       JOIN price_floor f
         ON coalesce(f.sku, '') = coalesce(n.sku, '') AND coalesce(f.product_line, '') = coalesce(n.product_line, '')
        AND coalesce(f.region_code, '') = coalesce(n.region_code, '') AND coalesce(f.channel, '') = coalesce(n.channel, '')
        AND f.level = n.level
        AND daterange(f.valid_from, f.valid_to, '[]') && daterange(n.valid_from, n.valid_to, '[]')
       ORDER BY n.idx LIMIT 100`,
      [
        normalised.map((_, index) => index),
        normalised.map((item) => item.sku ?? null),
        normalised.map((item) => item.productLine ?? null),
        normalised.map((item) => item.regionCode ?? null),
        normalised.map((item) => item.channel ?? null),
        normalised.map((item) => item.level),
        normalised.map((item) => item.validFrom),
        normalised.map((item) => item.validTo ?? null),
      ],
    );
    for (const row of stored) {
      conflicts.push({
        field: many ? `[${row.idx}]` : 'validFrom',
        problems: [
          `overlaps floor ${row.id} (${formatDecimal(row.min_unit_price)}, ${row.valid_from} to ${row.valid_to ?? 'open-ended'}) with the same scope and level`,
        ],
      });
    }
    if (conflicts.length > 0) {
      throw new CatalogError(
        'PRICE_FLOOR_OVERLAP',
        `Two floors with the same scope and level would apply on the same day: ${conflicts[0].problems[0]}`,
        conflicts,
      );
    }
  }

  private async getEntityOrThrow(manager: EntityManager, id: string, lock = false): Promise<PriceFloor> {
    const floor = await manager.findOne(PriceFloor, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!floor) throw new CatalogError('PRICE_FLOOR_NOT_FOUND', `No price floor ${id}`);
    return floor;
  }
}

export function toPriceFloorDto(floor: PriceFloor): PriceFloorDto {
  return {
    id: floor.id,
    sku: floor.sku,
    productLine: floor.productLine,
    regionCode: floor.regionCode,
    channel: floor.channel,
    level: floor.level,
    minUnitPrice: formatDecimal(floor.minUnitPrice),
    validFrom: floor.validFrom,
    validTo: floor.validTo,
    createdAt: floor.createdAt.toISOString(),
  };
}
