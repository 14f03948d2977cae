/**
 * The product working in minutes: builds and starts the service on a
 * throwaway embedded PostgreSQL, loads a generated world through the public
 * API (every province's regions, a few dozen distributors in a handful of
 * provinces, thousands of report lines, sell-in with serials), adds field
 * reps' sightings and a distributor's complaint, and prints the URL and one
 * login per role. The seed story, the Zhejiang agent dumping snacks into
 * Jiangxi and Fujian, is left open, ready to be worked (README, "Walkthrough").
 *   npm run demo -- [--port 3000] [--seed 7] [--lines 4000]
 * Ctrl-C stops the service and deletes its database.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiClient, numberArgument } from './lib/http';
import { startService } from './lib/service';
import { readCsvObjects } from './world/csv';
import { floorCents } from './world/floors';
import { generateWorld } from './world/generate';
import { loadWorld } from './world/load';
import type { World } from './world/types';
import { freePort } from '../src/database/embedded-postgres';
import { DEVELOPMENT_DEFAULTS } from '../src/config/environment';

const SEED = numberArgument('seed', 7);
const LINES = numberArgument('lines', 4_000);
const PORT = numberArgument('port', Number(process.env.PORT ?? 3000));
/** The seed story's goods: a snack food brand's agent, as in the case the product is modelled on. */
const DUMPED_LINE = 'snacks';
const PASSWORD = 'demo-password';

/** One login per role; the two distributors are the offender and a victim of the seed story. */
const LOGINS = [
  { role: 'channel_manager', email: 'manager@demo.example' },
  { role: 'field_rep', email: 'rep@demo.example' },
  { role: 'distributor', email: 'zhejiang@demo.example', distributorCode: 'ZJ-GA' },
  { role: 'distributor', email: 'jiangxi@demo.example', distributorCode: 'JX-GA' },
] as const;

interface Incident {
  id: string;
  number: string;
  status: string;
  severity: string;
  productLine: string;
  destinationRegionCode: string;
  scale: { units: number; valueAtFloor: string };
  violationCount: number;
}

async function main(): Promise<void> {
  // Always a database of its own, thrown away at the end: never the one DATABASE_URL names.
  delete process.env.DATABASE_URL;
  const port = await portOrFree(PORT);
  const dir = mkdtempSync(join(tmpdir(), 'ccm-demo-'));
  const step = (text: string) => console.log(`· ${text}`);
  step('starting the service on a throwaway embedded PostgreSQL');
  const service = await startService({ LOG_LEVEL: 'warn' }, { port });
  const stop = async () => {
    try {
      await service.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const stopThenExit = () =>
    void stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  process.once('SIGINT', stopThenExit);
  process.once('SIGTERM', stopThenExit);
  try {
    step(`generating a world (seed ${SEED}, ${LINES} report lines)`);
    await generateWorld({
      seed: SEED,
      lines: LINES,
      distributors: 40,
      skus: 40,
      productLines: 4,
      citiesPerProvince: 3,
      districtsPerCity: 3,
      // Besides the seed story (about 4% of the lines), ordinary dumping by others.
      outOfTerritoryRate: 0.08,
      belowFloorRate: 0.06,
      linesPerReport: 400,
      dumpedLine: DUMPED_LINE,
      out: join(dir, 'world'),
    });
    const world: World = JSON.parse(readFileSync(join(dir, 'world', 'world.json'), 'utf8'));
    const admin = new ApiClient(service.baseUrl);
    await admin.login();
    step('loading it through the API: regions, distributors, grants, products, floors, permits, shipments, sales reports');
    const loaded = await loadWorld(admin, join(dir, 'world'));
    step(
      `${loaded.sales.lines} report lines in ${loaded.sales.files} reports: ${JSON.stringify(loaded.sales.violations)}, ${loaded.sales.incidentsOpened} incidents opened`,
    );

    for (const login of LOGINS) await admin.request('POST', '/api/v1/users', { ...login, password: PASSWORD }, 201);
    const rep = await loggedIn(service.baseUrl, 'rep@demo.example');
    const jiangxi = await loggedIn(service.baseUrl, 'jiangxi@demo.example');

    // A field rep in Nanchang finds Zhejiang's snacks on the shelf, the serials printed on the packs.
    const serials = await serialsShippedTo(join(dir, 'world'), world, 'ZJ-GA', DUMPED_LINE, 3);
    const nanchang = world.regions.find((region) => region.parentCode === '360100')?.code ?? '360100';
    // Under the SKU's lowest retail floor anywhere, so under every one.
    const retailFloors = floorCents(world, 'retail');
    for (const [index, { sku, serial }] of serials.entries()) {
      const lowestFloor = Math.min(...retailFloors.get(sku)!);
      await rep.request(
        'POST',
        '/api/v1/sightings',
        {
          observedAt: new Date(Date.now() - (index + 1) * 86_400_000).toISOString(),
          regionCode: nanchang,
          storeName: `Nanchang supermarket ${index + 1}`,
          sku,
          observedPrice: (Math.floor(lowestFloor * 0.8) / 100).toFixed(2),
          priceLevel: 'retail',
          codes: [serial],
          note: 'Zhejiang stock on the shelf, priced under the retail floor',
        },
        201,
      );
    }
    step(`${serials.length} field sightings in Nanchang of serials shipped to ZJ-GA`);
    await jiangxi.request(
      'POST',
      '/api/v1/complaints',
      {
        regionCode: '360100',
        productLine: DUMPED_LINE,
        againstDistributorCode: 'ZJ-GA',
        description: 'Our Nanchang customers are offered Zhejiang snacks below our price list since May.',
      },
      201,
    );
    step('a complaint from the Jiangxi agent (JX-GA) against ZJ-GA');

    const open = await admin.request<{ items: Incident[] }>('GET', `/api/v1/incidents?offender=ZJ-GA&productLine=${DUMPED_LINE}&status=open&limit=100`);
    const story = open.items.filter((incident) => ['360000', '350000'].includes(incident.destinationRegionCode));
    console.log(`
The service is running: ${service.baseUrl}  (OpenAPI: ${service.baseUrl}/docs)

Logins (POST ${service.baseUrl}/api/v1/auth/login with {"email", "password"}):
  admin            ${DEVELOPMENT_DEFAULTS.ADMIN_EMAIL} / ${DEVELOPMENT_DEFAULTS.ADMIN_PASSWORD}
${LOGINS.map((login) => `  ${login.role.padEnd(16)} ${login.email} / ${PASSWORD}${'distributorCode' in login ? `  (${login.distributorCode})` : ''}`).join('\n')}

The seed story, open and ready to be worked (README, "Walkthrough"):
${story
  .map(
    (incident) =>
      `  ${incident.number}  ZJ-GA → ${incident.destinationRegionCode === '360000' ? 'Jiangxi' : 'Fujian '}  ${incident.productLine}  ${incident.severity}  ` +
      `${incident.violationCount} violations, ${incident.scale.units} units, ${incident.scale.valueAtFloor} at floor  id ${incident.id}`,
  )
  .join('\n')}

Ctrl-C stops the service and deletes its database.`);
  } catch (error) {
    await stop();
    throw error;
  }
}

/** A client logged in as a demo user. */
async function loggedIn(baseUrl: string, email: string): Promise<ApiClient> {
  const client = new ApiClient(baseUrl);
  await client.login(email, PASSWORD);
  return client;
}

/** Serials of the line's SKUs shipped to the distributor (from the world's sell-in files), one per shipment row. */
async function serialsShippedTo(dir: string, world: World, distributorCode: string, productLine: string, count: number) {
  const lineOf = new Map(world.products.map((product) => [product.sku, product.productLine]));
  const found: Array<{ sku: string; serial: string }> = [];
  for (const file of world.shipmentFiles) {
    for (const row of await readCsvObjects(join(dir, file))) {
      const serial = row.serial_from || row.serial;
      if (row.distributor_code === distributorCode && lineOf.get(row.sku) === productLine && serial) found.push({ sku: row.sku, serial });
      if (found.length === count) return found;
    }
  }
  return found;
}

/** The port asked for when it is free, else any free one (another service may hold 3000). */
async function portOrFree(port: number): Promise<number> {
  const free = await new Promise<boolean>((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '0.0.0.0', () => probe.close(() => resolve(true)));
  });
  return free ? port : freePort();
}

main().catch((error) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
