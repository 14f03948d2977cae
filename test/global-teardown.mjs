import { rmSync } from 'node:fs';
import pg from 'pg';

export default async function globalTeardown() {
  const adminUrl = process.env.TEST_ADMIN_DATABASE_URL;
  const runId = process.env.TEST_RUN_ID;
  if (adminUrl && runId) {
    const client = new pg.Client({ connectionString: adminUrl });
    client.on('error', () => undefined);
    await client.connect();
    const { rows } = await client.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`ccm\\_test\\_${runId}\\_%`]);
    for (const { datname } of rows) {
      await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`).catch(() => undefined);
    }
    await client.end();
  }
  await globalThis.__TEST_CLUSTER__?.stop();
  if (globalThis.__TEST_CLUSTER_FOLDER__) rmSync(globalThis.__TEST_CLUSTER_FOLDER__, { recursive: true, force: true });
}
