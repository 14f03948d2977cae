import { DataSource } from 'typeorm';
import { createTestDatabase, TestDatabase } from '../../test/support/test-database';
import { dataSourceOptions } from './data-source-options';
import { runMigrations } from './migrate';

describe('migrations', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await new DataSource(dataSourceOptions(database.url)).initialize();
  });
  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  it('leave nothing for the entities to change: the schema and the code agree', async () => {
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });

  it('are all applied, and running them again changes nothing', async () => {
    expect(await dataSource.showMigrations()).toBe(false);
    expect(await runMigrations(dataSource)).toEqual([]);
  });

  it('give each sales violation its grants considered back when the grants table is reverted', async () => {
    const [{ id: reportId }] = await dataSource.query(
      `INSERT INTO sales_report (line_key, report_ref, distributor_code, content_hash, line_count, source, result)
       VALUES (nextval('sales_report_line_key_seq'), 'R-1', 'ZJ-GA', 'h', 2, 'csv', '{}') RETURNING id`,
    );
    await dataSource.query(
      `INSERT INTO sales_grant_evidence (report_id, product_line, channel, sale_date, grants) VALUES ($1, 'snacks', '', '2026-05-10', '[{"regionCode": "330000"}]')`,
      [reportId],
    );
    const violation = (lineNo: number, day: string, evidence: object) =>
      dataSource.query(
        `INSERT INTO violation (type, status, source_kind, source_id, report_id, line_no, product_line, region_code, occurred_on, evidence)
         VALUES ('OUT_OF_TERRITORY', 'active', 'sales_line', $1::text, $1::uuid, $2, 'snacks', '360102', $3, $4) RETURNING id`,
        [reportId, lineNo, day, evidence],
      );
    const [[covered], [uncovered]] = [await violation(1, '2026-05-10', { exhaustedPermitId: 'p-1' }), await violation(2, '2026-05-11', {})];
    // Reverted down to (and including) the migration that moved the grants out.
    const applied = async () => (await dataSource.query(`SELECT name FROM schema_migration ORDER BY id`)).map((row: { name: string }) => row.name);
    let undone = 0;
    while ((await applied()).includes('SlimIntakeRows1795370000000')) {
      await dataSource.undoLastMigration({ transaction: 'each' });
      undone += 1;
    }
    const evidence = async (id: string) => (await dataSource.query(`SELECT evidence FROM violation WHERE id = $1`, [id]))[0].evidence;
    expect(await evidence(covered.id)).toEqual({ grantsConsidered: [{ regionCode: '330000' }], exhaustedPermitId: 'p-1' });
    expect(await evidence(uncovered.id)).toEqual({ grantsConsidered: [] });
    expect(await runMigrations(dataSource)).toHaveLength(undone);
    await dataSource.query(`DELETE FROM violation`);
    await dataSource.query(`DELETE FROM sales_report`);
  });

  it('revert and re-apply cleanly', async () => {
    const count = dataSource.migrations.length;
    for (let i = 0; i < count; i += 1) await dataSource.undoLastMigration({ transaction: 'each' });
    const tables = await dataSource.query(
      `SELECT count(*)::int AS count FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'schema_migration'`,
    );
    expect(tables[0].count).toBe(0);
    expect(await runMigrations(dataSource)).toHaveLength(count);
  });
});
