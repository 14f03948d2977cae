import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { Actor } from '../../common/auth/roles';
import { paginate } from '../../common/pagination/pagination';
import { containsPattern } from '../../common/sql';
import { ProblemCollector } from '../../common/validation/problems';
import { ADVISORY_LOCKS, lockForTransaction } from '../../database/advisory-locks';
import { AuditService } from '../audit/audit.service';
import type { Ancestry } from './domain/ancestry';
import { ListRegionsQueryDto, RegionDetailDto, RegionDto, RegionPageDto, RegionUpsertResultDto } from './dto/region.dto';
import { parseRegionRows, RegionRow } from './region-rows';
import { FIND_REGION_CYCLES_SQL, LEVEL_RANK_SQL, markReshaped, rebuildRegionTree } from './region-tree.sql';
import { Region } from './region.entity';
import { RegionsError } from './regions.errors';

@Injectable()
export class RegionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(Region) private readonly regions: Repository<Region>,
    private readonly audit: AuditService,
  ) {}

  /** Bulk upsert, all or nothing: parents in the database or the payload, no cycles, children deeper than parents. */
  async upsert(actor: Actor, body: unknown): Promise<RegionUpsertResultDto> {
    const problems = new ProblemCollector();
    const rows = parseRegionRows(body, problems);
    if (!problems.empty) {
      throw new RegionsError('REGION_INVALID_ROWS', `${problems.total} problem(s) in the payload; nothing was stored`, problems.toDetails());
    }
    return this.dataSource.transaction(async (manager) => {
      // One region writer at a time; readers are not blocked.
      await manager.query('LOCK TABLE region IN SHARE ROW EXCLUSIVE MODE');
      await this.stage(manager, rows);
      await this.assertParentsKnown(manager);
      // New regions, and those whose parent or level changes, reshape the tree below them.
      const reshaped = await markReshaped(
        manager,
        `SELECT p.code FROM region_payload p LEFT JOIN region r ON r.code = p.code
         WHERE r.code IS NULL OR r.parent_code IS DISTINCT FROM p.parent_code OR r.level <> p.level`,
      );
      await manager.query(`CREATE TEMP TABLE region_before ON COMMIT DROP AS
        SELECT r.code, r.name, r.parent_code, r.level FROM region r JOIN region_payload p ON p.code = r.code`);
      await manager.query(`CREATE TEMP TABLE region_changed (code text, inserted boolean) ON COMMIT DROP`);
      await manager.query(`
        WITH upserted AS (
          INSERT INTO region AS r (code, name, parent_code, level)
          SELECT code, name, parent_code, level FROM region_payload
          ON CONFLICT (code) DO UPDATE SET name = excluded.name, parent_code = excluded.parent_code, level = excluded.level, updated_at = now()
          WHERE (r.name, r.parent_code, r.level) IS DISTINCT FROM (excluded.name, excluded.parent_code, excluded.level)
          RETURNING r.code, (xmax = 0) AS inserted
        )
        INSERT INTO region_changed SELECT code, inserted FROM upserted`);
      if (reshaped > 0) {
        // A moved region can put exclusive grants over one another: serialise with the territory writers.
        await lockForTransaction(manager, ADVISORY_LOCKS.territories);
        // A large load makes the planner's row counts stale; refresh them before walking the tree.
        if (reshaped > 1000) await manager.query('ANALYZE region');
        await this.assertAcyclic(manager);
        await this.assertLevelsDeepen(manager);
        await rebuildRegionTree(manager);
        await this.assertGrantsStillExclusive(manager);
      }
      const [counts]: Array<{ inserted: number; updated: number }> = await manager.query(
        `SELECT count(*) FILTER (WHERE inserted)::int AS inserted, count(*) FILTER (WHERE NOT inserted)::int AS updated FROM region_changed`,
      );
      // One audit row per region changed, with what it was and what it became.
      await this.audit.recordFromQuery(
        manager,
        actor,
        `SELECT CASE WHEN c.inserted THEN 'region.created' ELSE 'region.updated' END, 'region', c.code,
                CASE WHEN c.inserted THEN NULL ELSE jsonb_build_object('code', b.code, 'name', b.name, 'parentCode', b.parent_code, 'level', b.level) END,
                jsonb_build_object('code', r.code, 'name', r.name, 'parentCode', r.parent_code, 'level', r.level)
         FROM region_changed c JOIN region r ON r.code = c.code LEFT JOIN region_before b ON b.code = c.code`,
        [],
      );
      return { received: rows.length, ...counts, unchanged: rows.length - counts.inserted - counts.updated };
    });
  }

  async list(query: ListRegionsQueryDto): Promise<RegionPageDto> {
    const builder = this.regions.createQueryBuilder('region');
    if (query.parentCode) builder.andWhere('region.parentCode = :parentCode', { parentCode: query.parentCode });
    if (query.level) builder.andWhere('region.level = :level', { level: query.level });
    if (query.q) builder.andWhere(`(region.name ILIKE :q ESCAPE '\\' OR region.code ILIKE :q ESCAPE '\\')`, { q: containsPattern(query.q) });
    if (query.within) {
      builder.innerJoin('region_closure', 'rc', 'rc.descendant_code = region.code AND rc.ancestor_code = :within AND rc.distance > 0', {
        within: query.within,
      });
    }
    const { rows, nextCursor } = await paginate(builder, query, { column: 'region.code', direction: 'ASC', valueOf: (region) => region.code });
    return { items: rows.map(toRegionDto), nextCursor };
  }

  async get(code: string): Promise<RegionDetailDto> {
    const region = await this.regions.findOne({ where: { code } });
    if (!region) throw new RegionsError('REGION_NOT_FOUND', `No region ${code}`);
    const ancestors: Array<{ code: string; name: string; level: Region['level'] }> = await this.dataSource.query(
      `SELECT a.code, a.name, a.level FROM region_closure rc JOIN region a ON a.code = rc.ancestor_code
       WHERE rc.descendant_code = $1 AND rc.distance > 0 ORDER BY rc.ancestor_depth`,
      [code],
    );
    const childCount = await this.regions.count({ where: { parentCode: code } });
    return { ...toRegionDto(region), ancestors, childCount };
  }

  /** Refuses with 422 naming the field when any code is not a region. */
  async assertKnown(manager: EntityManager, codes: Array<{ field: string; code: string | null | undefined }>): Promise<void> {
    const wanted = codes.filter((entry): entry is { field: string; code: string } => typeof entry.code === 'string');
    if (wanted.length === 0) return;
    const found: Array<{ code: string }> = await manager.query(`SELECT code FROM region WHERE code = ANY($1::text[])`, [wanted.map((entry) => entry.code)]);
    const known = new Set(found.map((row) => row.code));
    const missing = wanted.filter((entry) => !known.has(entry.code));
    if (missing.length > 0) {
      throw new RegionsError(
        'REGION_UNKNOWN',
        missing.map((entry) => `${entry.field}: no region ${entry.code}`).join('; '),
        missing.map((entry) => ({ field: entry.field, problems: [`no region ${entry.code}`] })),
      );
    }
  }

  /** The region and its ancestors with their depths, for the pure rules. */
  async ancestry(manager: EntityManager, code: string): Promise<Ancestry> {
    const rows: Array<{ code: string; depth: number }> = await manager.query(
      `SELECT ancestor_code AS code, ancestor_depth AS depth FROM region_closure WHERE descendant_code = $1`,
      [code],
    );
    return new Map(rows.map((row) => [row.code, Number(row.depth)]));
  }

  private async stage(manager: EntityManager, rows: RegionRow[]): Promise<void> {
    await manager.query(`CREATE TEMP TABLE region_payload (idx int, code text, name text, parent_code text, level text) ON COMMIT DROP`);
    await manager.query(`INSERT INTO region_payload SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[])`, [
      rows.map((row) => row.index),
      rows.map((row) => row.code),
      rows.map((row) => row.name),
      rows.map((row) => row.parentCode),
      rows.map((row) => row.level),
    ]);
  }

  private async assertParentsKnown(manager: EntityManager): Promise<void> {
    const unknown: Array<{ idx: number; parent_code: string; total: string }> = await manager.query(`
      SELECT p.idx, p.parent_code, count(*) OVER () AS total FROM region_payload p
      WHERE p.parent_code IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM region_payload q WHERE q.code = p.parent_code)
        AND NOT EXISTS (SELECT 1 FROM region r WHERE r.code = p.parent_code)
      ORDER BY p.idx LIMIT 100`);
    if (unknown.length === 0) return;
    throw new RegionsError(
      'REGION_PARENT_UNKNOWN',
      `${unknown[0].total} region(s) name a parent that is neither stored nor in the payload; nothing was stored`,
      {
        problems: unknown.map((row) => ({ index: row.idx, field: 'parentCode', message: `unknown parent ${row.parent_code}` })),
        totalProblems: Number(unknown[0].total),
      },
    );
  }

  /** Exclusive grants on a moved region (or below it) must not now sit over another distributor's. */
  private async assertGrantsStillExclusive(manager: EntityManager): Promise<void> {
    const conflicts: Array<{ grant_id: string; distributor_code: string; id: string; region_code: string }> = await manager.query(
      `SELECT * FROM exclusive_grant_conflicts(ARRAY(
         SELECT id FROM territory_grant WHERE exclusive AND region_code IN (SELECT code FROM region_affected))) LIMIT 20`,
    );
    if (conflicts.length === 0) return;
    throw new RegionsError(
      'REGION_MOVE_OVERLAPS_TERRITORIES',
      `Moving these regions would put exclusive grants over one another (grant ${conflicts[0].grant_id} over ${conflicts[0].distributor_code}'s grant ${conflicts[0].id} on ${conflicts[0].region_code}); nothing was stored`,
      { conflicts },
    );
  }

  private async assertAcyclic(manager: EntityManager): Promise<void> {
    const cycles: Array<{ chain: string }> = await manager.query(FIND_REGION_CYCLES_SQL);
    if (cycles.length === 0) return;
    throw new RegionsError('REGION_CYCLE', `The parent links would form a cycle: ${cycles[0].chain}; nothing was stored`, {
      cycles: cycles.map((row) => row.chain),
    });
  }

  private async assertLevelsDeepen(manager: EntityManager): Promise<void> {
    const shallow: Array<{ idx: number | null; code: string; level: string; parent_code: string; parent_level: string }> = await manager.query(`
      SELECT p.idx, c.code, c.level, c.parent_code, parent.level AS parent_level
      FROM region c
      JOIN region parent ON parent.code = c.parent_code
      LEFT JOIN region_payload p ON p.code = c.code
      WHERE (p.code IS NOT NULL OR c.parent_code IN (SELECT code FROM region_payload))
        AND ${LEVEL_RANK_SQL('c.level')} <= ${LEVEL_RANK_SQL('parent.level')}
      ORDER BY p.idx NULLS LAST, c.code LIMIT 100`);
    if (shallow.length === 0) return;
    throw new RegionsError('REGION_LEVEL_NOT_DEEPER', `A region's level must be deeper than its parent's; nothing was stored`, {
      problems: shallow.map((row) => ({
        ...(row.idx === null ? {} : { index: row.idx }),
        field: 'level',
        message: `${row.code} (${row.level}) is not deeper than its parent ${row.parent_code} (${row.parent_level})`,
      })),
      totalProblems: shallow.length,
    });
  }
}

export function toRegionDto(region: Region): RegionDto {
  return {
    code: region.code,
    name: region.name,
    parentCode: region.parentCode,
    level: region.level,
    depth: region.depth,
    provinceCode: region.provinceCode,
  };
}
