import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isBusinessDate } from '../../src/common/dates/business-date';
import { coveringPermits } from '../../src/modules/distributors/domain/coverage';
import { readCsvObjects } from './csv';
import type { RuleBook } from './expectations';
import { CHANNELS } from './parties';
import type { RegionTree } from './regions';
import { truthRow } from './reports';
import { ReportEntry, SALES_COLUMNS, SalesLine, toPermitTerms, World } from './types';

/**
 * Parses one report back, checks each line as the API would take it, and
 * appends the rules' verdicts to `computed` in ground-truth.csv's form.
 * Answers the number of lines.
 */
export async function checkSalesFile(
  dir: string,
  report: ReportEntry,
  world: World,
  tree: RegionTree,
  rules: RuleBook,
  computed: string[],
  problems: string[],
): Promise<number> {
  const path = join(dir, report.file);
  const header = readFileSync(path, 'utf8').split('\r\n', 1)[0];
  if (header !== SALES_COLUMNS.join(',')) problems.push(`${report.file}: header ${header}`);
  const rows = await readCsvObjects(path);
  if (rows.length !== report.lines) problems.push(`${report.file}: ${rows.length} lines, world.json says ${report.lines}`);
  const capped = world.permits.map(toPermitTerms).filter((_, i) => world.permits[i].maxQuantity !== undefined);
  const skus = new Set(world.products.map((product) => product.sku));
  rows.forEach((row, i) => {
    const where = `${report.file} line ${row.line_no}`;
    const line: SalesLine = {
      lineNo: Number(row.line_no),
      saleDate: row.sale_date,
      sku: row.sku,
      quantity: Number(row.quantity),
      unitPrice: row.unit_price,
      channel: row.channel === '' ? null : row.channel,
      customerRef: row.customer_ref,
      shipToRegionCode: row.ship_to_region_code,
      lot: row.lot,
      serial: row.serial,
    };
    const problem = lineProblem(line, i + 1, world, tree, skus);
    if (problem) {
      problems.push(`${where}: ${problem}`);
      return;
    }
    const sale = rules.saleOf(line);
    if (line.quantity > 0 && coveringPermits(capped, report.distributorCode, sale, tree.ancestry(sale.regionCode)).length > 0) {
      problems.push(`${where}: covered by a permit with maxQuantity`);
    }
    for (const violation of rules.expect(report.distributorCode, report.reportRef, line)) {
      computed.push(truthRow(violation).join(','));
    }
  });
  return rows.length;
}

function lineProblem(line: SalesLine, expectedNo: number, world: World, tree: RegionTree, skus: Set<string>): string | null {
  if (line.lineNo !== expectedNo) return `line_no ${line.lineNo}, expected ${expectedNo}`;
  if (!isBusinessDate(line.saleDate) || line.saleDate < world.period.from || line.saleDate > world.period.to) return `sale_date ${line.saleDate}`;
  if (!skus.has(line.sku)) return `unknown sku ${line.sku}`;
  if (!Number.isInteger(line.quantity) || line.quantity === 0) return `quantity ${line.quantity}`;
  if (!/^\d+\.\d{2}$/.test(line.unitPrice)) return `unit_price ${line.unitPrice}`;
  if (line.channel !== null && !(CHANNELS as readonly string[]).includes(line.channel)) return `channel ${line.channel}`;
  if (!tree.byCode.has(line.shipToRegionCode)) return `unknown region ${line.shipToRegionCode}`;
  return null;
}
