import type { WorldOptions } from './options';
import { addDays, randomDate, Rng } from './random';
import { FUJIAN, JIANGXI, RegionTree, ZHEJIANG } from './regions';
import type { DistributorRow, GrantPayload } from './types';

export const CHANNELS = ['modern_trade', 'traditional', 'ecommerce', 'catering'] as const;
/** Grants held before the sales period; a handover splits a territory during it. */
export const GRANT_START = '2025-01-01';

export interface Party {
  row: DistributorRow;
  grants: GrantPayload[];
}

type SplitKind = 'line' | 'channel' | 'handover' | 'shared';
const SPLIT_KINDS: SplitKind[] = ['line', 'channel', 'handover', 'shared'];

/**
 * Distributors and their grants. Exclusive territories never collide across
 * unrelated distributors: every holder of a region nested in another's works
 * under it (parent chain), and two holders of one region split it by line,
 * channel or dates, or share it.
 */
export function buildParties(options: WorldOptions, tree: RegionTree, lines: readonly string[]): Party[] {
  const rng = new Rng(options.seed, 'parties');
  const parties = fixedParties(lines, options);
  // Regions already held exclusively by the fixed agents and subs; later holders below them work under them.
  const holders = parties.filter((party) => party.row.status === 'active' && party.grants.every((grant) => grant.exclusive));
  const holderOf = new Map(holders.map((party) => [party.row.homeRegionCode, party.row.code]));
  const budget = options.distributors - parties.length;
  const splits = Math.min(Math.floor(budget / 4), Math.max(4, Math.round(budget * 0.08)));
  const slots = chooseSlots(rng, tree, budget - splits, holderOf);
  const aboveSlots = new Set(slots.flatMap((code) => [...tree.ancestry(code).keys()].filter((ancestor) => ancestor !== code)));
  const leaves = slots.filter((code) => !aboveSlots.has(code));
  const splitAt = new Map(
    rng
      .shuffle(leaves)
      .slice(0, splits)
      .map((code, index) => [code, SPLIT_KINDS[index % SPLIT_KINDS.length]]),
  );
  for (const code of slots) {
    const parentCode = nearestHolder(tree, code, holderOf);
    const main = slotParty(tree, code, parentCode);
    holderOf.set(code, main.row.code);
    const kind = splitAt.get(code);
    if (kind) parties.push(...splitParties(rng, options, main, kind, lines));
    else parties.push(main);
  }
  return parties;
}

function fixedParties(lines: readonly string[], options: WorldOptions): Party[] {
  const all = (regionCode: string, terms: Partial<GrantPayload> = {}): GrantPayload => ({ regionCode, validFrom: GRANT_START, exclusive: true, ...terms });
  const party = (code: string, name: string, tier: string, homeRegionCode: string, grants: GrantPayload[], parentCode?: string): Party => ({
    row: { code, name, tier, ...(parentCode ? { parentCode } : {}), homeRegionCode, status: 'active' },
    grants,
  });
  const former = (code: string, name: string, region: string): Party => ({
    row: { code, name, tier: 'general_agent', homeRegionCode: region, status: 'terminated' },
    grants: [all(region, { validFrom: '2024-01-01', validTo: '2024-12-31' })],
  });
  return [
    party('ZJ-GA', '浙江省总代理', 'general_agent', ZHEJIANG, [all(ZHEJIANG)]),
    party('JX-GA', '江西省总代理', 'general_agent', JIANGXI, [all(JIANGXI)]),
    party('FJ-GA', '福建省总代理', 'general_agent', FUJIAN, [all(FUJIAN)]),
    // Sub-distributors inside their agents' territories: line-scoped, channel-scoped, and one whose contract ends mid-period.
    party('HZ-SUB', '杭州市分销商', 'sub_distributor', '330100', [all('330100', { productLine: lines[0] }), all('330100', { productLine: lines[1] })], 'ZJ-GA'),
    party('NC-SUB', '南昌市分销商', 'sub_distributor', '360100', [all('360100', { channel: 'traditional' })], 'JX-GA'),
    party('FZ-SUB', '福州市分销商', 'sub_distributor', '350100', [all('350100', { validTo: addDays(options.period.from, 75) })], 'FJ-GA'),
    party('ECOM-CN', '全国电商经销商', 'ecommerce', 'CN', [all('CN', { channel: 'ecommerce', exclusive: false })]),
    former('OLD-ZJ', '原浙江省总代理', ZHEJIANG),
    former('OLD-JX', '原江西省总代理', JIANGXI),
  ];
}

/** Provinces first (about 60% get an agent), then cities, then districts, until the budget is spent. */
function chooseSlots(rng: Rng, tree: RegionTree, count: number, taken: Map<string, string>): string[] {
  const free = (codes: readonly string[]) => rng.shuffle(codes.filter((code) => !taken.has(code)));
  const provinces = free(tree.atLevel('province')).slice(0, Math.min(Math.ceil(count * 0.15), Math.round(tree.atLevel('province').length * 0.6)));
  const cities = free(tree.atLevel('city'));
  const districts = free(tree.atLevel('district'));
  const rest = count - provinces.length;
  const cityCount = Math.min(cities.length, Math.round(rest * 0.75));
  const districtCount = Math.min(districts.length, rest - cityCount);
  const extraCities = Math.min(cities.length - cityCount, rest - cityCount - districtCount);
  const chosen = [...provinces, ...cities.slice(0, cityCount + extraCities), ...districts.slice(0, districtCount)];
  if (chosen.length < count) {
    throw new Error('the distributors need more regions: raise citiesPerProvince or districtsPerCity');
  }
  // Parents first: shallower regions, then by code, so the output order does not depend on the draw order.
  return chosen.sort((a, b) => tree.depth(a) - tree.depth(b) || (a < b ? -1 : 1));
}

function nearestHolder(tree: RegionTree, code: string, holderOf: Map<string, string>): string | undefined {
  const ancestors = [...tree.ancestry(code)].sort((a, b) => b[1] - a[1]);
  for (const [ancestor] of ancestors) if (ancestor !== code && holderOf.has(ancestor)) return holderOf.get(ancestor);
  return undefined;
}

function slotParty(tree: RegionTree, code: string, parentCode: string | undefined): Party {
  const region = tree.get(code);
  const tier = parentCode ? 'sub_distributor' : region.level === 'province' ? 'general_agent' : 'distributor';
  const title = tier === 'general_agent' ? '总代理' : tier === 'sub_distributor' ? '分销商' : '经销商';
  return {
    row: {
      code: `${region.level === 'province' ? 'GA' : 'D'}-${code}`,
      name: `${region.name}${title}`,
      tier,
      ...(parentCode ? { parentCode } : {}),
      homeRegionCode: code,
      status: 'active',
    },
    grants: [{ regionCode: code, validFrom: GRANT_START, exclusive: true }],
  };
}

/** Two holders of one region that do not collide: disjoint lines, disjoint channels, consecutive dates, or shared grants. */
function splitParties(rng: Rng, options: WorldOptions, main: Party, kind: SplitKind, lines: readonly string[]): Party[] {
  const partner: Party = { row: { ...main.row, code: `${main.row.code}-B`, name: `${main.row.name}B` }, grants: [] };
  const base = main.grants[0];
  switch (kind) {
    case 'line': {
      const shuffled = rng.shuffle(lines);
      const half = Math.ceil(shuffled.length / 2);
      main.grants = shuffled.slice(0, half).map((productLine) => ({ ...base, productLine }));
      partner.grants = shuffled.slice(half).map((productLine) => ({ ...base, productLine }));
      break;
    }
    case 'channel':
      main.grants = [{ ...base, channel: 'modern_trade' }];
      partner.grants = [{ ...base, channel: 'traditional' }];
      break;
    case 'handover': {
      const lastDay = randomDate(rng, addDays(options.period.from, 30), addDays(options.period.to, -30));
      main.grants = [{ ...base, validTo: lastDay }];
      partner.grants = [{ ...base, validFrom: addDays(lastDay, 1) }];
      break;
    }
    case 'shared':
      main.grants = [{ ...base, exclusive: false }];
      partner.grants = [{ ...base, exclusive: false }];
      break;
  }
  return [main, partner];
}
