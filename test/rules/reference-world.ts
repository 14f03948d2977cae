/**
 * A small reference world for the coverage and floor-precedence rules, shared
 * by the rule table (TypeScript and SQL on the same cases) and the e2e tests.
 *
 *   CN
 *   ├── 330000 Zhejiang ─┬─ 330100 Hangzhou ─┬─ 330106 Xihu
 *   │                    │                   └─ 330108 Binjiang
 *   │                    └─ 330200 Ningbo
 *   ├── 360000 Jiangxi ─── 360100 Nanchang ─── 360102 Donghu
 *   └── 350000 Fujian ──┬─ 350100 Fuzhou
 *                       └─ 350200 Xiamen
 */
import type { FloorTerms } from '../../src/modules/catalog/domain/floor-precedence';
import type { GrantTerms, PermitTerms } from '../../src/modules/distributors/domain/coverage';

export const REGIONS = [
  { code: 'CN', name: '中国', parentCode: null, level: 'country' },
  { code: '330000', name: '浙江省', parentCode: 'CN', level: 'province' },
  { code: '330100', name: '杭州市', parentCode: '330000', level: 'city' },
  { code: '330106', name: '西湖区', parentCode: '330100', level: 'district' },
  { code: '330108', name: '滨江区', parentCode: '330100', level: 'district' },
  { code: '330200', name: '宁波市', parentCode: '330000', level: 'city' },
  { code: '360000', name: '江西省', parentCode: 'CN', level: 'province' },
  { code: '360100', name: '南昌市', parentCode: '360000', level: 'city' },
  { code: '360102', name: '东湖区', parentCode: '360100', level: 'district' },
  { code: '350000', name: '福建省', parentCode: 'CN', level: 'province' },
  { code: '350100', name: '福州市', parentCode: '350000', level: 'city' },
  { code: '350200', name: '厦门市', parentCode: '350000', level: 'city' },
] as const;

export const DISTRIBUTORS = [
  { code: 'ZJ-GA', name: 'Zhejiang general agent', tier: 'general_agent', parentCode: null, homeRegionCode: '330000' },
  { code: 'HZ-SUB', name: 'Hangzhou sub-distributor', tier: 'sub_distributor', parentCode: 'ZJ-GA', homeRegionCode: '330100' },
  { code: 'JX-AG', name: 'Jiangxi agent', tier: 'general_agent', parentCode: null, homeRegionCode: '360000' },
  { code: 'FJ-AG', name: 'Fujian agent', tier: 'general_agent', parentCode: null, homeRegionCode: '350000' },
  { code: 'NB-A', name: 'Ningbo shared A', tier: 'distributor', parentCode: null, homeRegionCode: '330200' },
  { code: 'NB-B', name: 'Ningbo shared B', tier: 'distributor', parentCode: null, homeRegionCode: '330200' },
] as const;

export const PRODUCTS = [
  { sku: 'SNK-001', name: 'Peanuts 500g', productLine: 'snacks' },
  { sku: 'SNK-002', name: 'Melon seeds 250g', productLine: 'snacks' },
  { sku: 'BEV-001', name: 'Herbal tea 310ml', productLine: 'beverages' },
] as const;

const grant = (id: string, distributorCode: string, regionCode: string, terms: Partial<GrantTerms> = {}): GrantTerms => ({
  id,
  distributorCode,
  regionCode,
  productLine: null,
  channel: null,
  validFrom: '2026-01-01',
  validTo: null,
  exclusive: true,
  ...terms,
});

export const GRANTS: GrantTerms[] = [
  grant('g-zj', 'ZJ-GA', '330000'),
  grant('g-hz', 'HZ-SUB', '330100', { productLine: 'snacks', validTo: '2026-06-30' }),
  grant('g-jx', 'JX-AG', '360000'),
  // The same holder at two depths: it counts once, at its deepest.
  grant('g-jx-nc', 'JX-AG', '360100'),
  grant('g-fj', 'FJ-AG', '350000', { channel: 'modern_trade', validTo: '2026-12-31' }),
  grant('g-nb-a', 'NB-A', '330200', { exclusive: false }),
  grant('g-nb-b', 'NB-B', '330200', { exclusive: false }),
  // Scoped to one line and one channel at once.
  grant('g-nb-a-fz', 'NB-A', '350100', { productLine: 'beverages', channel: 'ecommerce', exclusive: false }),
];

export const PERMITS: PermitTerms[] = [
  {
    id: 'p-zj-nc',
    distributorCode: 'ZJ-GA',
    regionCode: '360100',
    productLine: null,
    sku: 'SNK-002',
    validFrom: '2026-05-01',
    validTo: '2026-05-31',
    revoked: false,
  },
  {
    id: 'p-zj-fz',
    distributorCode: 'ZJ-GA',
    regionCode: '350100',
    productLine: 'snacks',
    sku: null,
    validFrom: '2026-05-01',
    validTo: '2026-05-31',
    revoked: true,
  },
];

const floor = (id: string, terms: Partial<FloorTerms> & Pick<FloorTerms, 'minUnitPrice'>): FloorTerms => ({
  id,
  sku: null,
  productLine: null,
  regionCode: null,
  channel: null,
  level: 'distributor',
  validFrom: '2026-01-01',
  validTo: null,
  ...terms,
});

export const FLOORS: FloorTerms[] = [
  floor('f-snacks-all', { productLine: 'snacks', minUnitPrice: '10.00' }),
  floor('f-snacks-hz', { productLine: 'snacks', regionCode: '330100', minUnitPrice: '12.00' }),
  floor('f-snk1-all', { sku: 'SNK-001', minUnitPrice: '11.00' }),
  floor('f-snacks-jx', { productLine: 'snacks', regionCode: '360000', minUnitPrice: '10.50' }),
  floor('f-snacks-jx-ecom', { productLine: 'snacks', regionCode: '360000', channel: 'ecommerce', minUnitPrice: '9.50' }),
  floor('f-bev-retail-q1', { productLine: 'beverages', level: 'retail', validTo: '2026-03-31', minUnitPrice: '3.00' }),
  floor('f-bev-retail-q2', { productLine: 'beverages', level: 'retail', validFrom: '2026-04-01', minUnitPrice: '3.50' }),
  floor('f-snk1-retail-zj', { sku: 'SNK-001', regionCode: '330000', level: 'retail', minUnitPrice: '15.00' }),
  // A deeper all-channel floor against a shallower channel-specific one: the region decides first.
  floor('f-snacks-bj', { productLine: 'snacks', regionCode: '330108', minUnitPrice: '13.00' }),
  floor('f-snacks-hz-ecom', { productLine: 'snacks', regionCode: '330100', channel: 'ecommerce', minUnitPrice: '12.50' }),
];

const lineOf = (sku: string) => PRODUCTS.find((product) => product.sku === sku)!.productLine;

export interface CoverageCase {
  name: string;
  distributorCode: string;
  /** Whose victims: the seller (default), or null for a violation without an offender. */
  offenderCode?: string | null;
  sku: string;
  channel: string | null;
  regionCode: string;
  date: string;
  inTerritory: boolean;
  permitted: boolean;
  victims: string[];
}

const sale = (
  name: string,
  distributorCode: string,
  sku: string,
  regionCode: string,
  date: string,
  channel: string | null,
  expect: Pick<CoverageCase, 'inTerritory' | 'permitted' | 'victims'>,
): CoverageCase => ({
  name,
  distributorCode,
  sku,
  regionCode,
  date,
  channel,
  ...expect,
});

export const COVERAGE_CASES: CoverageCase[] = [
  sale('a grant on a province covers a district', 'ZJ-GA', 'SNK-001', '330106', '2026-05-01', null, {
    inTerritory: true,
    permitted: false,
    victims: ['HZ-SUB'],
  }),
  sale('a grant covers its own region', 'ZJ-GA', 'BEV-001', '330000', '2026-05-01', null, { inTerritory: true, permitted: false, victims: [] }),
  sale('a sale on validFrom is covered', 'HZ-SUB', 'SNK-001', '330106', '2026-01-01', null, { inTerritory: true, permitted: false, victims: ['ZJ-GA'] }),
  sale('a sale on validTo is covered', 'HZ-SUB', 'SNK-001', '330106', '2026-06-30', null, { inTerritory: true, permitted: false, victims: ['ZJ-GA'] }),
  sale('the day after validTo is not', 'HZ-SUB', 'SNK-001', '330106', '2026-07-01', null, { inTerritory: false, permitted: false, victims: ['ZJ-GA'] }),
  sale('the day before validFrom is not', 'ZJ-GA', 'SNK-001', '330106', '2025-12-31', null, { inTerritory: false, permitted: false, victims: [] }),
  sale('an open-ended grant covers far ahead', 'JX-AG', 'SNK-001', '360102', '2099-12-31', null, { inTerritory: true, permitted: false, victims: [] }),
  sale('a line-scoped grant does not cover another line', 'HZ-SUB', 'BEV-001', '330108', '2026-03-01', null, {
    inTerritory: false,
    permitted: false,
    victims: ['ZJ-GA'],
  }),
  sale('a channel-scoped grant covers its channel', 'FJ-AG', 'SNK-001', '350100', '2026-05-01', 'modern_trade', {
    inTerritory: true,
    permitted: false,
    victims: [],
  }),
  sale('a channel-scoped grant does not cover another channel', 'FJ-AG', 'SNK-001', '350100', '2026-05-01', 'ecommerce', {
    inTerritory: false,
    permitted: false,
    victims: [],
  }),
  sale('a channel-scoped grant does not cover an unknown channel', 'FJ-AG', 'SNK-001', '350100', '2026-05-01', null, {
    inTerritory: false,
    permitted: false,
    victims: [],
  }),
  sale('a grant scoped to a line and a channel covers that pair', 'NB-A', 'BEV-001', '350100', '2026-05-01', 'ecommerce', {
    inTerritory: true,
    permitted: false,
    victims: [],
  }),
  sale('but not its line in another channel', 'NB-A', 'BEV-001', '350100', '2026-05-01', 'modern_trade', {
    inTerritory: false,
    permitted: false,
    victims: ['FJ-AG'],
  }),
  sale('nor its channel for another line', 'NB-A', 'SNK-001', '350100', '2026-05-01', 'ecommerce', { inTerritory: false, permitted: false, victims: [] }),
  sale('the Zhejiang agent dumping into Jiangxi', 'ZJ-GA', 'SNK-001', '360102', '2026-05-10', null, {
    inTerritory: false,
    permitted: false,
    victims: ['JX-AG'],
  }),
  sale('the Zhejiang agent dumping into Fujian modern trade', 'ZJ-GA', 'SNK-001', '350200', '2026-05-10', 'modern_trade', {
    inTerritory: false,
    permitted: false,
    victims: ['FJ-AG'],
  }),
  sale('a permit covers its SKU, region and dates', 'ZJ-GA', 'SNK-002', '360102', '2026-05-15', null, {
    inTerritory: false,
    permitted: true,
    victims: ['JX-AG'],
  }),
  sale('a permit for one SKU does not cover another', 'ZJ-GA', 'SNK-001', '360102', '2026-05-15', null, {
    inTerritory: false,
    permitted: false,
    victims: ['JX-AG'],
  }),
  sale('a permit ends on its validTo', 'ZJ-GA', 'SNK-002', '360102', '2026-06-01', null, { inTerritory: false, permitted: false, victims: ['JX-AG'] }),
  sale('a revoked permit covers nothing', 'ZJ-GA', 'SNK-001', '350100', '2026-05-15', 'modern_trade', {
    inTerritory: false,
    permitted: false,
    victims: ['FJ-AG'],
  }),
  sale('the deepest grant makes the victim', 'JX-AG', 'SNK-002', '330108', '2026-02-01', null, { inTerritory: false, permitted: false, victims: ['HZ-SUB'] }),
  sale('without a deeper holder the province holder is the victim', 'JX-AG', 'BEV-001', '330108', '2026-02-01', null, {
    inTerritory: false,
    permitted: false,
    victims: ['ZJ-GA'],
  }),
  sale('equal depths share the loss', 'JX-AG', 'BEV-001', '330200', '2026-02-01', null, { inTerritory: false, permitted: false, victims: ['NB-A', 'NB-B'] }),
  sale('no holder, no victim', 'ZJ-GA', 'SNK-001', '350200', '2027-01-01', 'modern_trade', { inTerritory: false, permitted: false, victims: [] }),
  sale('a channel-scoped holder is no victim in another channel', 'ZJ-GA', 'SNK-001', '350200', '2026-05-10', 'ecommerce', {
    inTerritory: false,
    permitted: false,
    victims: [],
  }),
  sale('a holder with grants at two depths is one victim', 'ZJ-GA', 'BEV-001', '360102', '2026-02-01', null, {
    inTerritory: false,
    permitted: false,
    victims: ['JX-AG'],
  }),
  sale('a permit starts on its validFrom', 'ZJ-GA', 'SNK-002', '360102', '2026-05-01', null, { inTerritory: false, permitted: true, victims: ['JX-AG'] }),
  sale('not the day before', 'ZJ-GA', 'SNK-002', '360102', '2026-04-30', null, { inTerritory: false, permitted: false, victims: ['JX-AG'] }),
  sale('a used-up permit covers nothing', 'ZJ-GA', 'BEV-001', '350200', '2026-05-10', null, { inTerritory: false, permitted: false, victims: [] }),
  {
    ...sale('without an offender every deepest holder is a victim', 'JX-AG', 'SNK-002', '330108', '2026-02-01', null, {
      inTerritory: false,
      permitted: false,
      victims: ['HZ-SUB'],
    }),
    offenderCode: null,
  },
  {
    ...sale('without an offender the seller is a victim too', 'HZ-SUB', 'SNK-002', '330108', '2026-02-01', null, {
      inTerritory: true,
      permitted: false,
      victims: ['HZ-SUB'],
    }),
    offenderCode: null,
  },
];

export interface FloorCase {
  name: string;
  sku: string;
  regionCode: string;
  channel: string | null;
  level: 'distributor' | 'retail';
  date: string;
  floorId: string | null;
  /** A price to check against the floor, and whether it is below. */
  price?: { unitPrice: string; below: boolean };
}

const priced = (
  name: string,
  sku: string,
  regionCode: string,
  channel: string | null,
  level: FloorCase['level'],
  date: string,
  floorId: string | null,
  price?: FloorCase['price'],
): FloorCase => ({
  name,
  sku,
  regionCode,
  channel,
  level,
  date,
  floorId,
  price,
});

export const FLOOR_CASES: FloorCase[] = [
  priced('a SKU floor in a shallower region beats a line floor in a deeper one', 'SNK-001', '330106', null, 'distributor', '2026-05-01', 'f-snk1-all', {
    unitPrice: '11.00',
    below: false,
  }),
  priced('a deeper region beats a shallower one for the same target', 'SNK-002', '330106', null, 'distributor', '2026-05-01', 'f-snacks-hz', {
    unitPrice: '11.99',
    below: true,
  }),
  priced('without a regional floor the everywhere floor applies', 'SNK-002', '330200', null, 'distributor', '2026-05-01', 'f-snacks-all', {
    unitPrice: '10.00',
    below: false,
  }),
  priced('a channel-specific floor beats an all-channel one', 'SNK-002', '360102', 'ecommerce', 'distributor', '2026-05-01', 'f-snacks-jx-ecom', {
    unitPrice: '9.49',
    below: true,
  }),
  priced('an unknown channel gets the all-channel floor', 'SNK-002', '360102', null, 'distributor', '2026-05-01', 'f-snacks-jx', {
    unitPrice: '10.50',
    below: false,
  }),
  priced('another channel gets the all-channel floor', 'SNK-002', '360102', 'wholesale', 'distributor', '2026-05-01', 'f-snacks-jx', {
    unitPrice: '10.4999',
    below: true,
  }),
  priced('no floor at all: no price check', 'BEV-001', '330106', null, 'distributor', '2026-05-01', null),
  priced('the retail level is separate from the distributor level', 'SNK-001', '330106', null, 'retail', '2026-05-01', 'f-snk1-retail-zj', {
    unitPrice: '14.99',
    below: true,
  }),
  priced('a retail floor applies on its validTo', 'BEV-001', '350100', null, 'retail', '2026-03-31', 'f-bev-retail-q1', { unitPrice: '3.00', below: false }),
  priced('the next floor applies from its validFrom', 'BEV-001', '350100', null, 'retail', '2026-04-01', 'f-bev-retail-q2', { unitPrice: '3.00', below: true }),
  priced('before any floor starts: no floor', 'BEV-001', '350100', null, 'retail', '2025-12-31', null),
  priced('a SKU floor outside its region does not apply', 'SNK-001', '360102', null, 'retail', '2026-05-01', null),
  priced('a deeper all-channel floor beats a shallower channel floor', 'SNK-002', '330108', 'ecommerce', 'distributor', '2026-05-01', 'f-snacks-bj', {
    unitPrice: '12.99',
    below: true,
  }),
  priced('the channel floor applies where no deeper floor does', 'SNK-002', '330106', 'ecommerce', 'distributor', '2026-05-01', 'f-snacks-hz-ecom', {
    unitPrice: '12.50',
    below: false,
  }),
];

export function coverageContext(c: CoverageCase) {
  return { sku: c.sku, productLine: lineOf(c.sku), channel: c.channel, regionCode: c.regionCode, date: c.date };
}

export function floorContext(c: FloorCase) {
  return { sku: c.sku, productLine: lineOf(c.sku), channel: c.channel, regionCode: c.regionCode, level: c.level, date: c.date };
}

/** The ancestry map (code -> depth) of a region in this world. */
export function ancestryOf(code: string): Map<string, number> {
  const chain: string[] = [];
  let current: string | null = code;
  while (current !== null) {
    chain.unshift(current);
    const region = REGIONS.find((candidate) => candidate.code === current);
    current = region ? region.parentCode : null;
  }
  return new Map(chain.map((ancestor, depth) => [ancestor, depth]));
}
