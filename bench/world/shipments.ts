import { renameSync } from 'node:fs';
import { join } from 'node:path';
import type { Catalog } from './catalog';
import { CsvWriter } from './csv';
import type { WorldOptions } from './options';
import type { Party } from './parties';
import { addDays, centsToDecimal, pad, randomDate, Rng } from './random';
import { SHIPMENT_COLUMNS } from './types';
import { pushTo } from './collections';

/** What a distributor received and on which day, so its sales lines can quote real lots and serials. */
export interface Stock {
  lotsBySku: Map<string, Array<{ lot: string; day: string }>>;
  serialsBySku: Map<string, Array<{ first: number; last: number; day: string }>>;
}

export const serialCode = (n: number) => `SN${pad(n, 10)}`;

/**
 * Sell-in to every reporting distributor, one shipment line per row: a lot,
 * a single serial, or a serial range. Serials come from one world-wide
 * counter, so no two codes or ranges ever overlap; a few lots are shipped to
 * two distributors (ambiguous traces).
 */
export async function writeShipments(
  options: WorldOptions,
  catalog: Catalog,
  reporters: ReadonlyArray<{ party: Party; share: number }>,
  dir: string,
): Promise<{ files: string[]; rows: number; stock: Map<string, Stock> }> {
  const rng = new Rng(options.seed, 'shipments');
  const out = new RollingFiles(dir, options.shipmentRowsPerFile);
  const stock = new Map<string, Stock>();
  const recentLots: Array<{ lot: string; sku: string }> = [];
  let serial = 1;
  let lotNumber = 1;
  let shipmentNumber = 1;
  for (const { party, share } of reporters) {
    const mine: Stock = { lotsBySku: new Map(), serialsBySku: new Map() };
    stock.set(party.row.code, mine);
    const skus = skusFor(party, catalog);
    let remaining = Math.max(1, Math.round(options.shipmentLines * share));
    while (remaining > 0) {
      const size = Math.min(remaining, rng.int(1, 20));
      remaining -= size;
      const shipmentRef = `SHP-${pad(shipmentNumber++, 7)}`;
      const day = randomDate(rng, addDays(options.period.from, -30), addDays(options.period.to, -7));
      const shippedAt = `${day}T${pad(rng.int(0, 23), 2)}:${pad(rng.int(0, 59), 2)}:00Z`;
      const rows: string[][] = [];
      for (let lineNo = 1; lineNo <= size; lineNo += 1) {
        const sku = rng.pick(skus);
        const price = centsToDecimal(Math.round(catalog.listCents.get(sku)! * rng.between(0.6, 0.75)));
        const kind = rng.float();
        const row = [shipmentRef, party.row.code, shippedAt, String(lineNo), sku];
        if (kind < 0.6) {
          const shared = rng.chance(0.02) ? recentLots.find((entry) => entry.sku === sku) : undefined;
          const lot = shared?.lot ?? `LOT${pad(lotNumber++, 8)}`;
          if (!shared) recentLots.unshift({ lot, sku });
          if (recentLots.length > 50) recentLots.pop();
          pushTo(mine.lotsBySku, sku, { lot, day });
          rows.push([...row, String(rng.int(100, 2400)), price, lot, '', '', '']);
        } else if (kind < 0.85) {
          const quantity = rng.int(20, 500);
          pushTo(mine.serialsBySku, sku, { first: serial, last: serial + quantity - 1, day });
          rows.push([...row, String(quantity), price, '', '', serialCode(serial), serialCode(serial + quantity - 1)]);
          serial += quantity;
        } else {
          pushTo(mine.serialsBySku, sku, { first: serial, last: serial, day });
          rows.push([...row, '1', price, '', serialCode(serial++), '', '']);
        }
      }
      await out.writeShipment(rows);
    }
  }
  return { ...(await out.close()), stock };
}

/** The SKUs a distributor trades: those of its granted lines, or all. */
export function skusFor(party: Party, catalog: Catalog): string[] {
  const lines = party.grants.some((grant) => !grant.productLine) ? catalog.lines : [...new Set(party.grants.map((grant) => grant.productLine!))];
  return lines.flatMap((line) => catalog.skusOf.get(line) ?? []);
}

/** shipments.csv, or shipments-001.csv, -002, ... once it outgrows one file; a shipment never spans two files. */
class RollingFiles {
  private writer: CsvWriter;
  private readonly names = ['shipments.csv'];
  private total = 0;

  constructor(
    private readonly dir: string,
    private readonly rowsPerFile: number,
  ) {
    this.writer = new CsvWriter(join(dir, 'shipments.csv'), SHIPMENT_COLUMNS);
  }

  async writeShipment(rows: string[][]): Promise<void> {
    if (this.writer.rows > 0 && this.writer.rows + rows.length > this.rowsPerFile) await this.roll();
    for (const row of rows) await this.writer.write(row);
    this.total += rows.length;
  }

  async close(): Promise<{ files: string[]; rows: number }> {
    await this.writer.close();
    return { files: this.names, rows: this.total };
  }

  private async roll(): Promise<void> {
    await this.writer.close();
    if (this.names.length === 1) {
      renameSync(join(this.dir, 'shipments.csv'), join(this.dir, 'shipments-001.csv'));
      this.names[0] = 'shipments-001.csv';
    }
    const name = `shipments-${pad(this.names.length + 1, 3)}.csv`;
    this.names.push(name);
    this.writer = new CsvWriter(join(this.dir, name), SHIPMENT_COLUMNS);
  }
}
