/**
 * One table of cases, two implementations: the pure TypeScript rules and the
 * SQL that bulk detection runs over whole batches must give the same answers.
 */
import { DataSource } from 'typeorm';
import { isBelow } from '../../src/common/money/money';
import { applicableFloor } from '../../src/modules/catalog/domain/floor-precedence';
import { applicableFloorSql } from '../../src/modules/catalog/domain/floor-precedence.sql';
import { coveringPermits, isInTerritory, victimsOf } from '../../src/modules/distributors/domain/coverage';
import {
  coverageKeysSql,
  coverageKeyText,
  coveringGrantsSql,
  coveringPermitsSql,
  grantCutsSql,
  isCoveredSql,
  regionCoverageSql,
  victimsSql,
} from '../../src/modules/distributors/domain/coverage.sql';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { loadReferenceWorld } from './load-world';
import { ancestryOf, COVERAGE_CASES, CoverageCase, coverageContext, FLOOR_CASES, floorContext, FLOORS, GRANTS, PERMITS } from './reference-world';

const offenderOf = (c: CoverageCase) => (c.offenderCode === undefined ? c.distributorCode : c.offenderCode);

describe('reference rules', () => {
  describe.each(COVERAGE_CASES.map((c) => [c.name, c] as const))('coverage: %s (TypeScript)', (_name, c) => {
    const context = coverageContext(c);
    const ancestry = ancestryOf(c.regionCode);

    it('answers in or out of territory', () => expect(isInTerritory(GRANTS, c.distributorCode, context, ancestry)).toBe(c.inTerritory));
    it('answers whether a permit covers it', () => expect(coveringPermits(PERMITS, c.distributorCode, context, ancestry).length > 0).toBe(c.permitted));
    it('names the victims', () => expect(victimsOf(GRANTS, offenderOf(c), context, ancestry)).toEqual(c.victims));
  });

  describe.each(FLOOR_CASES.map((c) => [c.name, c] as const))('floor: %s (TypeScript)', (_name, c) => {
    const floor = applicableFloor(FLOORS, floorContext(c), ancestryOf(c.regionCode));

    it('picks the applicable floor', () => expect(floor?.id ?? null).toBe(c.floorId));
    if (c.price) {
      const price = c.price;
      it(`judges ${price.unitPrice} ${price.below ? 'below' : 'not below'} the floor`, () =>
        expect(isBelow(price.unitPrice, floor!.minUnitPrice)).toBe(price.below));
    }
  });

  describe('the same cases in SQL', () => {
    let database: TestDatabase;
    let dataSource: DataSource;
    let ids: Map<string, string>;
    const worldIdOf = (databaseId: string) => [...ids].find(([, id]) => id === databaseId)?.[0];

    beforeAll(async () => {
      database = await createTestDatabase();
      dataSource = await new DataSource(dataSourceOptions(database.url)).initialize();
      ids = await loadReferenceWorld(dataSource);
    });
    afterAll(async () => {
      await dataSource.destroy();
      await database.drop();
    });

    /** Runs a rule query over all cases at once, as bulk detection does. */
    async function overBatch<T>(cases: ReadonlyArray<Record<string, unknown>>, columns: string, sql: string, parameters: unknown[] = []): Promise<T[]> {
      return dataSource.transaction(async (manager) => {
        await manager.query(`CREATE TEMP TABLE rule_input (${columns}) ON COMMIT DROP`);
        for (const [index, row] of cases.entries()) {
          const values = Object.values(row);
          await manager.query(`INSERT INTO rule_input VALUES ($1, ${values.map((_, i) => `$${i + 2}`).join(', ')})`, [index, ...values]);
        }
        return manager.query(sql, parameters);
      });
    }

    const coverageInput = () =>
      COVERAGE_CASES.map((c) => ({
        distributor_code: c.distributorCode,
        offender_code: offenderOf(c),
        ...Object.fromEntries(Object.entries(coverageContext(c)).map(([key, value]) => [key.replace(/[A-Z]/g, (l) => `_${l.toLowerCase()}`), value])),
      }));
    const COVERAGE_COLUMNS =
      'line_id int, distributor_code text, offender_code text, sku text, product_line text, channel text, region_code text, sale_date date';

    it('gives the same coverage, permits and victims for every case', async () => {
      const input = coverageInput();
      const columns = COVERAGE_COLUMNS;
      const relation = 'rule_input i';
      const grants = await overBatch<{ line_id: number }>(input, columns, coveringGrantsSql(relation));
      const permits = await overBatch<{ line_id: number }>(input, columns, coveringPermitsSql(relation));
      const victims = await overBatch<{ line_id: number; distributor_code: string }>(input, columns, victimsSql(relation));

      const answers = COVERAGE_CASES.map((c, index) => ({
        name: c.name,
        inTerritory: grants.some((row) => row.line_id === index),
        permitted: permits.some((row) => row.line_id === index),
        victims: victims
          .filter((row) => row.line_id === index)
          .map((row) => row.distributor_code)
          .sort(),
      }));
      expect(answers).toEqual(COVERAGE_CASES.map((c) => ({ name: c.name, inTerritory: c.inTerritory, permitted: c.permitted, victims: c.victims })));
    });

    it('gives the same coverage through the keyed form the sales scan uses (segments, open segments, keys per region)', async () => {
      // One distributor's batch at a time, as a sales report is: its grants cut time into segments and become keys.
      const inTerritory = new Map<number, boolean>();
      for (const distributor of new Set(COVERAGE_CASES.map((c) => c.distributorCode))) {
        const cuts = '(SELECT days FROM cut)';
        const rows = await overBatch<{ line_id: number; covered: boolean }>(
          coverageInput(),
          COVERAGE_COLUMNS,
          `WITH cut AS (${grantCutsSql('$1::text')}),
                coverage_key AS (${coverageKeysSql('$1::text', cuts)}),
                region_coverage AS (${regionCoverageSql('coverage_key')})
           SELECT i.line_id, ${isCoveredSql(cuts, {
             productLine: 'i.product_line',
             channel: 'i.channel',
             date: 'i.sale_date',
             openSegments: 'o.open_segments',
             coverageKeys: 'o.coverage_keys',
           })} AS covered
           FROM rule_input i LEFT JOIN region_coverage o ON o.region_code = i.region_code
           WHERE i.distributor_code = $1`,
          [distributor],
        );
        for (const row of rows) inTerritory.set(row.line_id, row.covered);
      }
      expect(COVERAGE_CASES.map((c, index) => ({ name: c.name, inTerritory: inTerritory.get(index) }))).toEqual(
        COVERAGE_CASES.map((c) => ({ name: c.name, inTerritory: c.inTerritory })),
      );
    });

    it('keeps coverage keys apart whatever characters the labels hold', async () => {
      const labels: Array<[string, string, number]> = [
        ['a1', '', 2],
        ['a', '1', 2],
        ['a', '12', 0],
        ['a,1', '', 2],
        ['', 'a12', 0],
        ['a', '', 12],
      ];
      const [row] = await dataSource.query(
        `SELECT count(DISTINCT ${coverageKeyText('l', 'c', 's')})::int AS distinct_keys
         FROM unnest($1::text[], $2::text[], $3::int[]) AS k (l, c, s)`,
        [labels.map((key) => key[0]), labels.map((key) => key[1]), labels.map((key) => key[2])],
      );
      expect(row.distinct_keys).toBe(labels.length);
    });

    it('picks the same floor, and judges prices the same, for every case', async () => {
      const input = FLOOR_CASES.map((c) => ({
        sku: c.sku,
        product_line: floorContext(c).productLine,
        channel: c.channel,
        region_code: c.regionCode,
        sale_date: c.date,
        level: c.level,
        unit_price: c.price?.unitPrice ?? null,
      }));
      const columns = 'line_id int, sku text, product_line text, channel text, region_code text, sale_date date, level text, unit_price numeric';
      const floors = await overBatch<{ line_id: number; floor_id: string; below: boolean }>(
        input,
        columns,
        `SELECT f.line_id, f.floor_id, i.unit_price < f.min_unit_price AS below FROM (${applicableFloorSql('rule_input i')}) f JOIN rule_input i ON i.line_id = f.line_id`,
      );
      const answers = FLOOR_CASES.map((c, index) => {
        const row = floors.find((candidate) => candidate.line_id === index);
        return { name: c.name, floorId: row ? worldIdOf(row.floor_id) : null, below: c.price ? row?.below : undefined };
      });
      expect(answers).toEqual(FLOOR_CASES.map((c) => ({ name: c.name, floorId: c.floorId, below: c.price?.below })));
    });

    it('gives the TypeScript rules the same answers with ancestry read from region_closure', async () => {
      const ancestryFromClosure = async (code: string) =>
        new Map<string, number>(
          (await dataSource.query(`SELECT ancestor_code, ancestor_depth FROM region_closure WHERE descendant_code = $1`, [code])).map(
            (row: { ancestor_code: string; ancestor_depth: number }) => [row.ancestor_code, Number(row.ancestor_depth)] as const,
          ),
        );
      for (const c of COVERAGE_CASES) {
        const ancestry = await ancestryFromClosure(c.regionCode);
        expect({
          name: c.name,
          inTerritory: isInTerritory(GRANTS, c.distributorCode, coverageContext(c), ancestry),
          victims: victimsOf(GRANTS, offenderOf(c), coverageContext(c), ancestry),
        }).toEqual({ name: c.name, inTerritory: c.inTerritory, victims: c.victims });
      }
      for (const c of FLOOR_CASES) {
        expect({ name: c.name, floorId: applicableFloor(FLOORS, floorContext(c), await ancestryFromClosure(c.regionCode))?.id ?? null }).toEqual({
          name: c.name,
          floorId: c.floorId,
        });
      }
    });
  });
});
