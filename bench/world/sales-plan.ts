import type { WorldOptions } from './options';
import type { Party } from './parties';
import { Rng } from './random';
import type { PermitRow } from './types';

/** The Zhejiang agent's share of all lines, and the share of its lines that are the seed story's dumping. */
export const ZJ_SHARE = 0.08;
export const ZJ_DUMP_SHARE = 0.45;

export interface Reporter {
  party: Party;
  /** Share of all lines (and of sell-in). */
  share: number;
  lines: number;
  /** The seed story: how many of its lines are the Zhejiang agent's dumping into Jiangxi and Fujian. */
  dumpLines: number;
  /** Per-line odds for this distributor, adjusted so the world's totals meet the requested rates. */
  rates: { outOfTerritory: number; belowFloor: number; permitted: number; returns: number };
}

/** Active distributors with a grant during the period, each with its number of lines (largest remainder, so they add up). */
export function planReporters(options: WorldOptions, parties: readonly Party[], permits: readonly PermitRow[]): Reporter[] {
  const rng = new Rng(options.seed, 'reporters');
  const { from, to } = options.period;
  const active = parties.filter(
    (party) => party.row.status === 'active' && party.grants.some((grant) => grant.validFrom <= to && (!grant.validTo || grant.validTo >= from)),
  );
  const weights = active.map((party) => (party.row.code === 'ZJ-GA' ? 0 : rng.between(0.2, 1) ** 2));
  const otherWeight = weights.reduce((sum, weight) => sum + weight, 0);
  const shares = active.map((party, i) => (party.row.code === 'ZJ-GA' ? ZJ_SHARE : (weights[i] / otherWeight) * (1 - ZJ_SHARE)));
  const counts = largestRemainder(shares, options.lines);
  const zhejiang = active.findIndex((party) => party.row.code === 'ZJ-GA');
  const dumpLines = Math.round(counts[zhejiang] * ZJ_DUMP_SHARE);
  const ordinary = Math.max(1, options.lines - dumpLines);
  // The seed story's dumping counts towards the requested out-of-territory and below-floor rates.
  const adjusted = (rate: number) => Math.max(0, (rate * options.lines - dumpLines) / ordinary);
  const holders = new Set(
    permits.filter((permit) => !permit.revoked && permit.validFrom <= to && permit.validTo >= from).map((permit) => permit.distributorCode),
  );
  // Only ordinary lines draw a kind; the dumping lines are fixed.
  const holderLines = active.reduce((sum, party, i) => sum + (holders.has(party.row.code) ? counts[i] - (i === zhejiang ? dumpLines : 0) : 0), 0);
  const permitted = holderLines === 0 ? 0 : Math.min(0.5, (options.permittedRate * options.lines) / holderLines);
  return active.map((party, i) => ({
    party,
    share: shares[i],
    lines: counts[i],
    dumpLines: i === zhejiang ? dumpLines : 0,
    rates: {
      outOfTerritory: adjusted(options.outOfTerritoryRate),
      belowFloor: adjusted(options.belowFloorRate),
      permitted: holders.has(party.row.code) ? permitted : 0,
      returns: options.returnRate,
    },
  }));
}

function largestRemainder(shares: readonly number[], total: number): number[] {
  const exact = shares.map((share) => share * total);
  const counts = exact.map(Math.floor);
  const order = exact.map((value, i) => [value - Math.floor(value), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  let missing = total - counts.reduce((sum, count) => sum + count, 0);
  for (const [, i] of order) {
    if (missing-- <= 0) break;
    counts[i] += 1;
  }
  return counts;
}
