/**
 * Generates a world (default 100,000 sales lines), loads it into a fresh
 * service through the public API — reference data, shipments, every sales
 * report as CSV — and compares the violations found with the ground truth.
 *   npm run bench:world -- [--lines 100000] [--seed 42]
 * Exits non-zero unless every expected violation is found and nothing else.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordFigures } from './lib/figures';
import { ApiClient, numberArgument, printTable } from './lib/http';
import { startService } from './lib/service';
import { generateWorld } from './world/generate';
import { loadWorld } from './world/load';
import { verifyAgainstGroundTruth } from './world/verify';

async function main(): Promise<void> {
  const lines = numberArgument('lines', 100_000);
  const seed = numberArgument('seed', 42);
  const dir = mkdtempSync(join(tmpdir(), 'ccm-world-'));
  const service = await startService();
  try {
    let started = performance.now();
    await generateWorld({ seed, lines, out: dir });
    const generateSeconds = (performance.now() - started) / 1000;
    const api = new ApiClient(service.baseUrl);
    await api.login();
    started = performance.now();
    const loaded = await loadWorld(api, dir);
    const loadSeconds = (performance.now() - started) / 1000;
    const result = await verifyAgainstGroundTruth(api, dir);
    console.log(
      `\nWorld seed ${seed}, ${lines} sales lines: generated in ${generateSeconds.toFixed(1)} s, loaded through the API in ${loadSeconds.toFixed(1)} s`,
    );
    console.log(
      `Load steps (s): ${Object.entries(loaded.seconds)
        .map(([step, seconds]) => `${step} ${seconds}`)
        .join(', ')}\n`,
    );
    printTable([
      {
        'sales lines': loaded.sales.lines,
        reports: loaded.sales.files,
        'expected violations': result.expected,
        recorded: result.recorded,
        matched: result.matched,
        missing: result.missing.count,
        extra: result.extra.count,
        'status mismatches': result.statusMismatches.count,
        'victim mismatches': result.victimMismatches.count,
        'floor mismatches': result.floorPriceMismatches.count,
        verdict: result.ok ? 'exact match' : 'MISMATCH',
      },
    ]);
    recordFigures('world', [
      {
        figure: `violations against the ground truth (${loaded.sales.lines} sales lines, seed ${seed})`,
        target: 'exact match',
        measured:
          `${result.matched} of ${result.expected} matched, ${result.missing.count} missing, ${result.extra.count} extra, ` +
          `${result.statusMismatches.count + result.victimMismatches.count + result.floorPriceMismatches.count} mismatched`,
        met: result.ok,
      },
      { figure: `world loaded through the API (${loaded.sales.files} sales reports)`, target: '', measured: `${loadSeconds.toFixed(1)} s` },
    ]);
    if (!result.ok) {
      console.error(JSON.stringify(result, null, 2).slice(0, 5000));
      process.exitCode = 1;
    }
  } finally {
    await service.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
