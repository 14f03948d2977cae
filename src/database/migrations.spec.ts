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
