import { toScaled } from '../../src/common/money/money';
import type { SaleContext } from '../../src/modules/distributors/domain/coverage';
import type { Catalog } from './catalog';
import type { RuleBook } from './expectations';
import type { WorldOptions } from './options';
import { CHANNELS, Party } from './parties';
import { addDays, centsToDecimal, pad, randomDate, Rng } from './random';
import { FUJIAN, JIANGXI, RegionTree } from './regions';
import type { Reporter } from './sales-plan';
import { serialCode, Stock } from './shipments';
import type { GrantPayload, PermitRow, SalesLine } from './types';

type Kind = 'home' | 'return' | 'out' | 'permitted' | 'dump';

/** Where, when, what and through which channel a line goes, before it is priced. */
interface Placement {
  regionCode: string;
  date: string;
  sku: string;
  channel: string | null;
}

const ODD_CUSTOMERS = ["Wang's Mart, Branch 3", 'He said "cheap"', '联华超市(杭州)', 'Lin & Sons, "Wholesale"', '永辉超市，仓山店', 'Chen, Li and "Partners"'];
/** The seed story happens in the weeks before the Zhejiang agent's rebate period ends. */
const DUMP_WEEKS = 6;

/**
 * Draws a distributor's sales lines with the requested mix of violations.
 * The draw only aims; the ground truth is computed from each line as written.
 */
export class SalesLineMaker {
  private readonly rng: Rng;

  constructor(
    private readonly options: WorldOptions,
    private readonly tree: RegionTree,
    private readonly catalog: Catalog,
    private readonly rules: RuleBook,
    private readonly permits: readonly PermitRow[],
  ) {
    this.rng = new Rng(options.seed, 'sales');
  }

  /** The reporter's lines in date order, numbered from 1 (renumbered per report by the caller). */
  linesOf(reporter: Reporter, stock: Stock | undefined): SalesLine[] {
    const { party } = reporter;
    const { from, to } = this.options.period;
    const grants = party.grants.filter((grant) => grant.validFrom <= to && (!grant.validTo || grant.validTo >= from));
    const permits = this.permits.filter(
      (permit) => permit.distributorCode === party.row.code && !permit.revoked && permit.validFrom <= to && permit.validTo >= from,
    );
    const lines: SalesLine[] = [];
    for (let i = 0; i < reporter.lines; i += 1) {
      const kind = i < reporter.dumpLines ? 'dump' : this.kindOf(reporter, permits.length > 0);
      const below = kind === 'dump' || (kind !== 'return' && this.rng.chance(reporter.rates.belowFloor));
      const placement = this.place(kind, party, grants, permits);
      lines.push(this.finish(kind, below, placement, stock));
    }
    // Stable: equal dates keep their draw order.
    const sorted = lines
      .map((line, i) => [line, i] as const)
      .sort((a, b) => (a[0].saleDate < b[0].saleDate ? -1 : a[0].saleDate > b[0].saleDate ? 1 : a[1] - b[1]));
    return sorted.map(([line], i) => ({ ...line, lineNo: i + 1 }));
  }

  private kindOf(reporter: Reporter, hasPermits: boolean): Kind {
    const { returns, outOfTerritory, permitted } = reporter.rates;
    const u = this.rng.float();
    if (u < returns) return 'return';
    if (u < returns + outOfTerritory) return 'out';
    if (hasPermits && u < returns + outOfTerritory + permitted) return 'permitted';
    return 'home';
  }

  private place(kind: Kind, party: Party, grants: GrantPayload[], permits: PermitRow[]): Placement {
    if (kind === 'dump') return this.dumping();
    if (kind === 'permitted') return this.underPermit(party, grants, this.rng.pick(permits));
    if (kind === 'out' || grants.length === 0) return this.outside(party, grants);
    return this.inside(this.rng.pick(grants));
  }

  private inside(grant: GrantPayload): Placement {
    const { from, to } = this.options.period;
    const date = randomDate(this.rng, grant.validFrom > from ? grant.validFrom : from, grant.validTo && grant.validTo < to ? grant.validTo : to);
    return { regionCode: this.within(grant.regionCode), date, ...this.product(grant) };
  }

  /** Up to 20 tries for a place the distributor does not hold: a neighbour, a region whose grant has ended, or anywhere. */
  private outside(party: Party, grants: GrantPayload[]): Placement {
    const { from, to } = this.options.period;
    const ended = grants.filter((grant) => grant.validTo && grant.validTo < to);
    let placement: Placement | undefined;
    for (let attempt = 0; attempt < 20; attempt += 1) {
      const terms = grants.length > 0 ? this.product(this.rng.pick(grants)) : this.anyProduct();
      // Channel-only territories (e-commerce) are left through another channel.
      if (attempt >= 5) terms.channel = this.anyChannel();
      const u = this.rng.float();
      if (ended.length > 0 && u < 0.3) {
        const grant = this.rng.pick(ended);
        placement = { regionCode: this.within(grant.regionCode), date: randomDate(this.rng, addDays(grant.validTo!, 1), to), ...terms };
      } else {
        const province =
          u < 0.6 && this.tree.depth(party.row.homeRegionCode) >= 2
            ? this.tree.provinceOf(party.row.homeRegionCode)!
            : this.rng.pick(this.tree.atLevel('province'));
        placement = { regionCode: this.within(province), date: randomDate(this.rng, from, to), ...terms };
      }
      if (!this.rules.inTerritory(party.row.code, this.sale(placement))) return placement;
    }
    return placement!;
  }

  private underPermit(party: Party, grants: GrantPayload[], permit: PermitRow): Placement {
    const { from, to } = this.options.period;
    const date = randomDate(this.rng, permit.validFrom > from ? permit.validFrom : from, permit.validTo < to ? permit.validTo : to);
    const style = grants.length > 0 ? this.product(this.rng.pick(grants)) : this.anyProduct();
    const line = permit.productLine ?? this.catalog.lineOf.get(style.sku)!;
    const sku = permit.sku ?? this.rng.pick(this.catalog.skusOf.get(line)!);
    return { regionCode: this.within(permit.regionCode), date, sku, channel: style.channel };
  }

  /** The Zhejiang agent's dumping: Jiangxi and Fujian, mostly traditional trade, in the last weeks of its rebate period. */
  private dumping(): Placement {
    const to = this.options.period.to;
    const u = this.rng.float();
    const channel = u < 0.6 ? 'traditional' : u < 0.85 ? null : 'modern_trade';
    return {
      regionCode: this.within(this.rng.chance(0.5) ? JIANGXI : FUJIAN),
      date: randomDate(this.rng, addDays(to, -7 * DUMP_WEEKS + 1), to),
      sku: this.options.dumpedLine ? this.rng.pick(this.catalog.skusOf.get(this.options.dumpedLine)!) : this.rng.pick(this.catalog.products).sku,
      channel,
    };
  }

  private finish(kind: Kind, below: boolean, placement: Placement, stock: Stock | undefined): SalesLine {
    const line: SalesLine = {
      lineNo: 0,
      saleDate: placement.date,
      sku: placement.sku,
      quantity: this.quantity(kind),
      unitPrice: kind === 'return' ? this.listPrice(placement.sku) : this.price(placement, below),
      channel: placement.channel,
      customerRef: this.rng.chance(0.03) ? this.rng.pick(ODD_CUSTOMERS) : `C${pad(this.rng.int(1, 99_999), 5)}`,
      shipToRegionCode: placement.regionCode,
      lot: '',
      serial: '',
    };
    if (stock && kind !== 'return') this.quoteCodes(line, stock);
    return line;
  }

  private quantity(kind: Kind): number {
    switch (kind) {
      case 'return':
        return -this.rng.int(1, 20);
      case 'dump':
        return this.rng.int(50, 600);
      case 'home':
        return this.rng.int(1, 120);
      default:
        return this.rng.int(10, 300);
    }
  }

  /** Below the applicable floor when asked (and there is one); otherwise at or above it, sometimes exactly on it. */
  private price(placement: Placement, below: boolean): string {
    const floor = this.rules.floorPrice(this.sale(placement));
    const floorCents = floor === null ? null : Number(toScaled(floor) / 100n);
    if (below && floorCents !== null && floorCents > 1) return centsToDecimal(this.rng.int(Math.max(1, Math.round(floorCents * 0.75)), floorCents - 1));
    const usual = Math.round(this.catalog.listCents.get(placement.sku)! * this.rng.between(0.97, 1.15));
    if (floorCents === null) return centsToDecimal(usual);
    if (usual < floorCents) return centsToDecimal(floorCents + (this.rng.chance(0.5) ? 0 : this.rng.int(1, 50)));
    return centsToDecimal(this.rng.chance(0.01) ? floorCents : usual);
  }

  private listPrice(sku: string): string {
    return centsToDecimal(Math.round(this.catalog.listCents.get(sku)! * this.rng.between(0.97, 1.15)));
  }

  /** A few lines quote a lot or a serial the distributor was shipped before the sale. */
  private quoteCodes(line: SalesLine, stock: Stock): void {
    const u = this.rng.float();
    if (u < 0.03) {
      const lots = (stock.lotsBySku.get(line.sku) ?? []).filter((entry) => entry.day <= line.saleDate);
      if (lots.length > 0) line.lot = this.rng.pick(lots).lot;
    } else if (u < 0.04) {
      const ranges = (stock.serialsBySku.get(line.sku) ?? []).filter((entry) => entry.day <= line.saleDate);
      if (ranges.length === 0) return;
      const { first, last } = this.rng.pick(ranges);
      line.serial = serialCode(this.rng.int(first, last));
      line.quantity = 1;
    }
  }

  /** A region at or below `code`: mostly a district, sometimes the city above it, now and then the region itself. */
  private within(code: string): string {
    const leaf = this.rng.pick(this.tree.leavesOf(code));
    const u = this.rng.float();
    if (u < 0.05 && this.tree.depth(code) > 0) return code;
    const parent = this.tree.get(leaf).parentCode;
    if (u < 0.2 && parent !== null && this.tree.isWithin(parent, code)) return parent;
    return leaf;
  }

  private product(grant: GrantPayload): Pick<Placement, 'sku' | 'channel'> {
    const line = grant.productLine ?? this.rng.pick(this.catalog.lines);
    return { sku: this.rng.pick(this.catalog.skusOf.get(line)!), channel: grant.channel ?? this.anyChannel() };
  }

  private anyProduct(): Pick<Placement, 'sku' | 'channel'> {
    return { sku: this.rng.pick(this.catalog.products).sku, channel: this.anyChannel() };
  }

  /** An unknown channel (empty) now and then: only all-channel grants and floors cover it. */
  private anyChannel(): string | null {
    return this.rng.chance(0.12) ? null : this.rng.pick(CHANNELS);
  }

  private sale(placement: Placement): SaleContext {
    return this.rules.saleOf({ sku: placement.sku, channel: placement.channel, shipToRegionCode: placement.regionCode, saleDate: placement.date });
  }
}
