import type { Catalog } from './catalog';
import type { WorldOptions } from './options';
import type { Party } from './parties';
import { addDays, randomDate, Rng } from './random';
import type { RegionTree } from './regions';
import type { PermitRow } from './types';

/**
 * Authorised cross-territory sales: the Zhejiang agent's two (one by SKU,
 * one by line), a revoked one, a few for other distributors, and one with a
 * quantity cap that lies after the period (so no generated line depends on
 * the cap).
 */
export function buildPermits(options: WorldOptions, tree: RegionTree, catalog: Catalog, parties: readonly Party[]): PermitRow[] {
  const rng = new Rng(options.seed, 'permits');
  const { from, to } = options.period;
  const [first, second] = catalog.lines;
  const permits: PermitRow[] = [
    {
      distributorCode: 'ZJ-GA',
      regionCode: '360100',
      sku: catalog.skusOf.get(first)![0],
      validFrom: addDays(from, 31),
      validTo: addDays(from, 60),
      reason: 'Trade-fair supply in Nanchang, agreed with JX-GA',
    },
    {
      distributorCode: 'ZJ-GA',
      regionCode: '350200',
      productLine: second,
      validFrom: addDays(from, 61),
      validTo: addDays(from, 91),
      reason: 'Xiamen promotion, agreed with FJ-GA',
    },
    {
      distributorCode: 'ZJ-GA',
      regionCode: '350100',
      productLine: first,
      validFrom: addDays(from, 61),
      validTo: addDays(from, 91),
      reason: 'Fuzhou promotion, cancelled by FJ-GA',
      revoked: true,
    },
    {
      distributorCode: 'JX-GA',
      regionCode: '330100',
      validFrom: addDays(to, 32),
      validTo: addDays(to, 62),
      maxQuantity: 500,
      reason: 'Hangzhou autumn fair quota',
    },
  ];
  const candidates = parties.filter((party) => party.row.status === 'active' && party.row.code.startsWith('D-'));
  for (const party of rng.shuffle(candidates).slice(0, 4)) {
    const regionCode = outsideTerritory(rng, tree, party);
    if (!regionCode) continue;
    const validFrom = randomDate(rng, from, addDays(to, -45));
    permits.push({
      distributorCode: party.row.code,
      regionCode,
      ...(rng.chance(0.5) ? { productLine: rng.pick(catalog.lines) } : {}),
      validFrom,
      validTo: addDays(validFrom, rng.int(20, 45)),
      reason: `Cross-territory supply to ${tree.get(regionCode).name}`,
    });
  }
  return permits;
}

/** A city whose subtree touches none of the party's granted regions. */
function outsideTerritory(rng: Rng, tree: RegionTree, party: Party): string | undefined {
  const cities = tree.atLevel('city');
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const city = rng.pick(cities);
    const related = party.grants.some((grant) => tree.isWithin(city, grant.regionCode) || tree.isWithin(grant.regionCode, city));
    if (!related) return city;
  }
  return undefined;
}
