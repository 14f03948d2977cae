import type { SalesTallyRows } from './sales-tally';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor } from '../../common/auth/roles';
import { StepTimer } from '../../common/step-timer';
import { importProblems } from '../../common/validation/import-problems';
import { RowProblem } from '../../common/validation/problems';
import { DetectionService } from '../detection/detection.service';
import { DistributorsService } from '../distributors/distributors.service';
import { ImportResultDto } from './dto/sales-report.dto';
import { DATE_STYLE_SQL, FIND_SALES_PROBLEMS_SQL, HAS_REPEATED_LINE_SQL } from './sales-staging.sql';
import { SalesLineSummarizer } from './sales-line-summarizer.service';
import { SalesReport } from './sales-report.entity';
import { SalesReportRecorder } from './sales-report-recorder.service';
import { SalesReportsError } from './sales-reports.errors';

/** A report's lines as its source (a CSV file, a JSON body) put them into sales_line. */
export interface Staged {
  /** SHA-256 of the report's content: identical content is a duplicate. */
  hash: string;
  /** Problems found before SQL saw the lines (file structure). */
  problems: RowProblem[];
  problemCount: number;
  /** Lines the report holds, good or bad. */
  lines: number;
  /** Some value did not fit its column of sales_line (not a date, not a number, too long, missing): the batch is refused. */
  unparsable: boolean;
  /** The line numbers are known to be unique (they ascend through the file): no need to check over the batch. */
  uniqueLineNumbers: boolean;
  /** Stages the same lines again as text (sales_stage_text), to name the problems of a refused batch. */
  restage(manager: EntityManager): Promise<void>;
  /** Its sell-out and prices, tallied while staging; null when they must be read back from the stored lines. */
  tally: SalesTallyRows | null;
}

export interface ImportOutcome {
  /** 201 for a new report, 200 for a re-sent one. */
  status: 200 | 201;
  result: ImportResultDto;
}

/** What a report says of itself; `source` picks how refused lines are numbered (file lines or JSON indexes). */
export interface ReportMeta {
  distributorCode: string;
  reportRef: string;
  supersede: boolean;
  source: 'csv' | 'json';
}

/** Puts a report's lines into sales_line under `lineKey`, inside the intake's transaction. */
export type Stage = (manager: EntityManager, report: { id: string; lineKey: number }) => Promise<Staged>;

/**
 * Hash joins and aggregates over a whole report want more than the default 4 MB; the
 * temporary tables of detection are analysed from small samples (rough figures plan them well).
 * Every join of a batch is best hashed: sorting a million lines for a merge join, or looping
 * over them, is what a misjudged estimate on a fresh temporary table would otherwise cost.
 */
async function planForBatches(manager: EntityManager): Promise<void> {
  await manager.query(`SET LOCAL work_mem = '128MB'`);
  await manager.query(`SET LOCAL default_statistics_target = 10`);
  await manager.query(`SET LOCAL enable_mergejoin = off`);
  await manager.query(`SET LOCAL enable_nestloop = off`);
  await manager.query(DATE_STYLE_SQL);
}

/**
 * Sales-report intake, all or nothing, in one transaction: the lines go
 * straight into sales_line (staged by their source), the batch is checked in
 * SQL, then detected and grouped in set-based statements. Any problem refuses
 * the whole report, naming every problem by line, and the transaction stores
 * nothing.
 */
@Injectable()
export class SalesReportIntake {
  private readonly logger = new Logger('SalesReportImport');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly distributors: DistributorsService,
    private readonly detection: DetectionService,
    private readonly recorder: SalesReportRecorder,
    private readonly summarizer: SalesLineSummarizer,
  ) {}

  async receive(actor: Actor, meta: ReportMeta, stage: Stage): Promise<ImportOutcome> {
    const outcome = await this.dataSource.transaction(async (manager): Promise<ImportOutcome> => {
      const timer = new StepTimer();
      await planForBatches(manager);
      await this.distributors.assertKnown(manager, meta.distributorCode, 'distributorCode');
      // One import per (distributor, reportRef) at a time: a concurrent re-send waits, then sees the first.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`sales-report:${meta.distributorCode}:${meta.reportRef}`]);
      const existing = await manager.findOne(SalesReport, { where: { distributorCode: meta.distributorCode, reportRef: meta.reportRef, status: 'active' } });
      const [{ id, line_key: lineKey }] = await manager.query(`SELECT uuid_v7() AS id, nextval('sales_report_line_key_seq')::int AS line_key`);
      // The lines go straight into sales_line; a value that does not fit, or a re-sent report, rolls them back to here.
      await manager.query('SAVEPOINT staging');
      const staged = await stage(manager, { id, lineKey });
      timer.mark('staged');
      if (staged.unparsable) await manager.query('ROLLBACK TO SAVEPOINT staging');
      if (existing && existing.contentHash === staged.hash && staged.problemCount === 0 && !staged.unparsable) {
        await manager.query('ROLLBACK TO SAVEPOINT staging');
        return { status: 200, result: { ...(existing.result as ImportResultDto), duplicate: true } };
      }
      if (existing && !meta.supersede) throw refConflict(meta, existing);
      await this.check(manager, meta, lineKey, staged);
      timer.mark('checked');
      const report = { id, lineKey, ...meta, contentHash: staged.hash, lines: staged.lines, replaces: existing, tally: staged.tally };
      const result = await this.recorder.record(manager, actor, report, timer);
      this.logger.log(`sales report ${meta.distributorCode}/${meta.reportRef}: ${staged.lines} lines, ${timer.summary()}`);
      return { status: 201, result };
    });
    // The new lines' block ranges, summarized in the background for the scans of the imports that follow.
    if (outcome.status === 201) this.summarizer.request();
    return outcome;
  }

  /** Every value parsed; then the scan over the batch (each line's own rules, known SKUs and regions) and unique line numbers. */
  private async check(manager: EntityManager, meta: ReportMeta, lineKey: number, staged: Staged): Promise<void> {
    if (staged.unparsable || staged.problemCount > 0 || staged.lines === 0) await this.refuse(manager, staged, meta.source);
    const { badLines, unknownSkus, unknownRegions } = await this.detection.scanSalesReport(manager, { lineKey, distributorCode: meta.distributorCode });
    const repeated = staged.uniqueLineNumbers ? false : (await manager.query(HAS_REPEATED_LINE_SQL, [lineKey]))[0].repeated;
    if (badLines > 0 || unknownSkus > 0 || unknownRegions > 0 || repeated) await this.refuse(manager, staged, meta.source);
  }

  /** Names every problem (the first 100, with the total) and refuses the whole report. */
  private async refuse(manager: EntityManager, staged: Staged, source: 'csv' | 'json'): Promise<never> {
    await staged.restage(manager);
    await manager.query(FIND_SALES_PROBLEMS_SQL);
    const { problems, total: totalProblems } = await importProblems(manager, staged, source);
    if (totalProblems === 0 && staged.lines === 0) problems.push({ line: 2, message: 'the report has no lines: nothing follows the header' });
    if (problems.length === 0) problems.push({ message: 'some lines could not be stored' });
    throw new SalesReportsError(
      'SALES_REPORT_REJECTED',
      `The report was refused and nothing was stored: ${Math.max(totalProblems, 1)} problem(s), the first: ${describe(problems[0])}`,
      {
        problems,
        totalProblems: Math.max(totalProblems, problems.length),
      },
    );
  }
}

function refConflict(meta: ReportMeta, existing: SalesReport): SalesReportsError {
  return new SalesReportsError(
    'SALES_REPORT_REF_CONFLICT',
    `Report ${meta.reportRef} of ${meta.distributorCode} was already received with different content; send it with ?supersede=true to replace it`,
    { reportId: existing.id, receivedAt: existing.receivedAt.toISOString() },
  );
}

function describe(problem: RowProblem): string {
  const where = problem.line !== undefined ? `line ${problem.line}` : problem.index !== undefined ? `lines[${problem.index}]` : 'the file';
  return `${where}${problem.field ? ` ${problem.field}` : ''}: ${problem.message}`;
}
