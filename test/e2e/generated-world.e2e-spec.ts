import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiClient } from '../../bench/lib/http';
import { generateWorld } from '../../bench/world/generate';
import { loadWorld } from '../../bench/world/load';
import { verifyAgainstGroundTruth } from '../../bench/world/verify';
import { createTestApp, TestApp } from '../support/test-app';

/**
 * A generated world loaded through the public API over real HTTP (reference
 * data, shipments, every sales report as CSV); the violations recorded must be
 * exactly the ground truth. `npm run bench:world` runs the same at 100,000 lines.
 */
describe('A generated world (e2e)', () => {
  let t: TestApp;
  let dir: string;

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    dir = mkdtempSync(join(tmpdir(), 'ccm-world-test-'));
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is matched exactly: no missed and no extra violations, the same status, victims and floor', async () => {
    await generateWorld({ seed: 7, lines: 12_000, distributors: 40, skus: 60, out: dir });
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    const api = new ApiClient(`http://127.0.0.1:${port}`);
    await api.login();
    const loaded = await loadWorld(api, dir);
    expect(loaded.sales.lines).toBe(12_000);

    const result = await verifyAgainstGroundTruth(api, dir);
    expect({
      missing: result.missing,
      extra: result.extra,
      status: result.statusMismatches,
      victims: result.victimMismatches,
      floor: result.floorPriceMismatches,
    }).toEqual({
      missing: { count: 0, examples: [] },
      extra: { count: 0, examples: [] },
      status: { count: 0, examples: [] },
      victims: { count: 0, examples: [] },
      floor: { count: 0, examples: [] },
    });
    expect(result.expected).toBeGreaterThan(500);
    expect(result.matched).toBe(result.expected);
    expect(result.ok).toBe(true);
  }, 300_000);
});
