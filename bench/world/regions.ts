import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Ancestry } from '../../src/modules/distributors/domain/coverage';
import { pad } from './random';
import type { RegionLevel, RegionRow } from './types';

export const ZHEJIANG = '330000';
export const JIANGXI = '360000';
export const FUJIAN = '350000';
/** Provinces whose real cities (and, for the capitals, real districts) come from data/regions-cn.json. */
const REAL_PROVINCES = new Set([ZHEJIANG, JIANGXI, FUJIAN]);

const DEPTH: Record<RegionLevel, number> = { country: 0, province: 1, city: 2, district: 3 };

/**
 * The real country, provinces, cities of Zhejiang, Jiangxi and Fujian and
 * districts of their capitals, plus synthetic cities and districts elsewhere.
 * Ordered parents first, so any prefix can be loaded on its own.
 */
export function buildRegions(citiesPerProvince: number, districtsPerCity: number): RegionRow[] {
  const real: RegionRow[] = JSON.parse(readFileSync(join(__dirname, '..', '..', 'data', 'regions-cn.json'), 'utf8'));
  const used = new Set(real.map((region) => region.code));
  const byLevel = (level: RegionLevel) => real.filter((region) => region.level === level);
  const provinces = byLevel('province');
  const cities = [...byLevel('city')];
  for (const province of provinces) {
    if (REAL_PROVINCES.has(province.code)) continue;
    cities.push(...synthetic(province, 'city', citiesPerProvince, used, (n) => `${province.code.slice(0, 2)}${pad(n, 2)}00`, '市'));
  }
  const districts = [...byLevel('district')];
  const withDistricts = new Set(districts.map((district) => district.parentCode));
  for (const city of cities) {
    if (withDistricts.has(city.code)) continue;
    districts.push(...synthetic(city, 'district', districtsPerCity, used, (n) => `${city.code.slice(0, 4)}${pad(n, 2)}`, '区'));
  }
  return [...byLevel('country'), ...provinces, ...cities.sort(byCode), ...districts.sort(byCode)];
}

function synthetic(parent: RegionRow, level: RegionLevel, count: number, used: Set<string>, codeOf: (n: number) => string, suffix: string): RegionRow[] {
  const rows: RegionRow[] = [];
  for (let n = 1; n <= 99 && rows.length < count; n += 1) {
    const code = codeOf(n);
    if (used.has(code)) continue;
    used.add(code);
    rows.push({ code, name: `${parent.name}合成${pad(n, 2)}${suffix}`, parentCode: parent.code, level });
  }
  return rows;
}

const byCode = (a: RegionRow, b: RegionRow) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

/** Lookups over the region tree: ancestry maps for the rules, descendants for sampling. */
export class RegionTree {
  readonly byCode = new Map<string, RegionRow>();
  private readonly children = new Map<string, string[]>();
  private readonly ancestries = new Map<string, Ancestry>();
  private readonly leaves = new Map<string, string[]>();
  private readonly levels = new Map<RegionLevel, string[]>();

  constructor(readonly rows: readonly RegionRow[]) {
    for (const row of rows) {
      this.byCode.set(row.code, row);
      if (row.parentCode !== null) {
        const siblings = this.children.get(row.parentCode) ?? [];
        siblings.push(row.code);
        this.children.set(row.parentCode, siblings);
      }
    }
  }

  depth(code: string): number {
    return DEPTH[this.get(code).level];
  }

  get(code: string): RegionRow {
    const row = this.byCode.get(code);
    if (!row) throw new Error(`no region ${code}`);
    return row;
  }

  childrenOf(code: string): readonly string[] {
    return this.children.get(code) ?? [];
  }

  /** The region and its ancestors, code -> depth (root 0). */
  ancestry(code: string): Ancestry {
    let ancestry = this.ancestries.get(code);
    if (!ancestry) {
      const chain: string[] = [];
      for (let current: string | null = code; current !== null; current = this.get(current).parentCode) chain.unshift(current);
      ancestry = new Map(chain.map((ancestor, depth) => [ancestor, depth]));
      this.ancestries.set(code, ancestry);
    }
    return ancestry;
  }

  isWithin(code: string, ancestor: string): boolean {
    return this.ancestry(code).has(ancestor);
  }

  /** The deepest regions under a region (itself when it has none). */
  leavesOf(code: string): readonly string[] {
    let leaves = this.leaves.get(code);
    if (!leaves) {
      const children = this.childrenOf(code);
      leaves = children.length === 0 ? [code] : children.flatMap((child) => this.leavesOf(child));
      this.leaves.set(code, leaves);
    }
    return leaves;
  }

  atLevel(level: RegionLevel): readonly string[] {
    let codes = this.levels.get(level);
    if (!codes) {
      codes = this.rows.filter((row) => row.level === level).map((row) => row.code);
      this.levels.set(level, codes);
    }
    return codes;
  }

  /** The province a region lies in (itself for a province); null for the country. */
  provinceOf(code: string): string | null {
    for (const [ancestor, depth] of this.ancestry(code)) if (depth === 1) return ancestor;
    return null;
  }
}
