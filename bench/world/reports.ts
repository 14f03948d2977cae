import { join } from 'node:path';
import { CsvWriter } from './csv';
import type { RuleBook } from './expectations';
import { pad } from './random';
import type { RegionTree } from './regions';
import { FUJIAN, JIANGXI } from './regions';
import type { SalesLineMaker } from './sales';
import type { Reporter } from './sales-plan';
import type { Stock } from './shipments';
import { ExpectedViolation, GROUND_TRUTH_COLUMNS, ReportEntry, SALES_COLUMNS, SalesLine } from './types';

export interface GroundTruthSummary {
  lines: number;
  reports: number;
  returns: number;
  linesWithViolations: number;
  linesWithBoth: number;
  violations: Record<string, Record<string, number>>;
  /** The seed story: the Zhejiang agent's out-of-territory lines into Jiangxi and Fujian. */
  zhejiangIntoJiangxiFujian: { lines: number; units: number; belowFloor: number; permitted: number };
}

/**
 * Writes every reporter's lines as reports of at most `linesPerReport` lines
 * (sales/<distributor>__<reportRef>.csv) and, line by line, the violations the
 * rules expect into ground-truth.csv.
 */
export async function writeReports(
  dir: string,
  reporters: readonly Reporter[],
  stock: ReadonlyMap<string, Stock>,
  maker: SalesLineMaker,
  rules: RuleBook,
  tree: RegionTree,
  linesPerReport: number,
): Promise<{ reports: ReportEntry[]; summary: GroundTruthSummary }> {
  const truth = new CsvWriter(join(dir, 'ground-truth.csv'), GROUND_TRUTH_COLUMNS);
  const tally = new Tally(tree);
  const reports: ReportEntry[] = [];
  for (const reporter of reporters) {
    const code = reporter.party.row.code;
    const lines = maker.linesOf(reporter, stock.get(code));
    for (let start = 0, n = 1; start < lines.length; start += linesPerReport, n += 1) {
      const reportRef = `R${pad(n, 4)}`;
      const file = `sales/${code}__${reportRef}.csv`;
      const writer = new CsvWriter(join(dir, file), SALES_COLUMNS);
      const chunk = lines.slice(start, start + linesPerReport);
      for (const [i, drawn] of chunk.entries()) {
        const line = { ...drawn, lineNo: i + 1 };
        await writer.write(salesRow(line));
        const expected = rules.expect(code, reportRef, line);
        for (const violation of expected) await truth.write(truthRow(violation));
        tally.add(code, line, expected);
      }
      await writer.close();
      reports.push({ distributorCode: code, reportRef, file, lines: chunk.length });
    }
  }
  await truth.close();
  return { reports, summary: tally.summary(reports.length) };
}

function salesRow(line: SalesLine): Array<string | number> {
  return [
    line.lineNo,
    line.saleDate,
    line.sku,
    line.quantity,
    line.unitPrice,
    line.channel ?? '',
    line.customerRef,
    line.shipToRegionCode,
    line.lot,
    line.serial,
  ];
}

/** A ground-truth row, in GROUND_TRUTH_COLUMNS order. */
export function truthRow(violation: ExpectedViolation): Array<string | number> {
  return [
    violation.distributorCode,
    violation.reportRef,
    violation.lineNo,
    violation.type,
    violation.status,
    violation.floorPrice ?? '',
    violation.victims.join('|'),
  ];
}

class Tally {
  private lines = 0;
  private returns = 0;
  private withViolations = 0;
  private withBoth = 0;
  private readonly violations: Record<string, Record<string, number>> = {};
  private readonly story = { lines: 0, units: 0, belowFloor: 0, permitted: 0 };

  constructor(private readonly tree: RegionTree) {}

  add(code: string, line: SalesLine, expected: ExpectedViolation[]): void {
    this.lines += 1;
    if (line.quantity < 0) this.returns += 1;
    if (expected.length > 0) this.withViolations += 1;
    if (expected.length > 1) this.withBoth += 1;
    for (const { type, status } of expected) {
      this.violations[type] ??= {};
      this.violations[type][status] = (this.violations[type][status] ?? 0) + 1;
    }
    const out = expected.find((violation) => violation.type === 'OUT_OF_TERRITORY');
    const province = this.tree.provinceOf(line.shipToRegionCode);
    if (code === 'ZJ-GA' && out && (province === JIANGXI || province === FUJIAN)) {
      this.story.lines += 1;
      this.story.units += line.quantity;
      if (expected.some((violation) => violation.type === 'BELOW_FLOOR')) this.story.belowFloor += 1;
      if (out.status === 'permitted') this.story.permitted += 1;
    }
  }

  summary(reports: number): GroundTruthSummary {
    const violations = Object.fromEntries(
      Object.keys(this.violations)
        .sort()
        .map((type) => [type, Object.fromEntries(Object.entries(this.violations[type]).sort())]),
    );
    return {
      lines: this.lines,
      reports,
      returns: this.returns,
      linesWithViolations: this.withViolations,
      linesWithBoth: this.withBoth,
      violations,
      zhejiangIntoJiangxiFujian: this.story,
    };
  }
}
