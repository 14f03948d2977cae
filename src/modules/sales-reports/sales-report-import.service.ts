import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request } from 'express';
import { createHash } from 'node:crypto';
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { Actor } from '../../common/auth/roles';
import { CommonError } from '../../common/errors/common.errors';
import { CsvTooLargeError, CsvToCopyStream } from '../../common/csv/csv-to-copy';
import { copyRows, SpoolTap } from '../../common/csv/spooled-copy';
import { csvUpload } from '../../common/csv/csv-upload';
import { importProblems } from '../../common/validation/import-problems';
import { parseDecimal } from '../../common/money/money';
import { StepTimer } from '../../common/step-timer';
import { MAX_LISTED_PROBLEMS, RowProblem } from '../../common/validation/problems';
import { type ConfigType } from '@nestjs/config';
import { importConfig } from '../../config/configuration';
import { DetectionService } from '../detection/detection.service';
import { DistributorsService } from '../distributors/distributors.service';
import { CreateSalesReportDto, ImportResultDto } from './dto/sales-report.dto';
import {
  COPY_SALES_LINES_SQL,
  COPY_TEXT_STAGE_SQL,
  CREATE_TEXT_STAGE_SQL,
  DATE_STYLE_SQL,
  FIND_SALES_PROBLEMS_SQL,
  HAS_REPEATED_LINE_SQL,
  SALES_COLUMNS,
  STAGE_SALES_FROM_ARRAYS_SQL,
  TEXT_STAGE_FROM_ARRAYS_SQL,
} from './sales-staging.sql';
import { SalesReport } from './sales-report.entity';
import { SalesReportsError } from './sales-reports.errors';
import { SalesLineSummarizer } from './sales-line-summarizer.service';
import { SalesReportRecorder } from './sales-report-recorder.service';

interface Staged {
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
}

export interface ImportOutcome {
  /** 201 for a new report, 200 for a re-sent one. */
  status: 200 | 201;
  result: ImportResultDto;
}

/**
 * Sales-report intake, all or nothing, in one transaction: the lines go
 * straight into sales_line (a file streams from the request into COPY with
 * flat memory), the batch is checked in SQL, then detected and grouped in
 * set-based statements. Any problem refuses the whole report, naming every
 * problem by line, and the transaction stores nothing.
 */
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

@Injectable()
export class SalesReportImportService {
  private readonly logger = new Logger('SalesReportImport');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly distributors: DistributorsService,
    private readonly detection: DetectionService,
    private readonly recorder: SalesReportRecorder,
    private readonly summarizer: SalesLineSummarizer,
    @Inject(importConfig.KEY) private readonly limits: ConfigType<typeof importConfig>,
  ) {}

  async importCsv(actor: Actor, query: { distributorCode?: string; reportRef: string; supersede?: boolean }, request: Request): Promise<ImportOutcome> {
    const distributorCode = this.reportingDistributor(actor, query.distributorCode);
    const upload = csvUpload(request);
    if (!upload.isCsv) {
      throw new SalesReportsError(
        'SALES_REPORT_UNSUPPORTED_CONTENT_TYPE',
        `Send the report as text/csv (got ${upload.type || 'no content type'}); JSON reports go to POST /api/v1/sales-reports`,
      );
    }
    if (upload.declaredBytes > this.limits.maxUploadBytes) throw this.tooLarge();
    // The upload as received, kept on disk until the transaction ends: a refused batch is read again from it.
    const spoolPath = join(tmpdir(), `ccm-sales-${randomUUID()}.csv`);
    try {
      return await this.run(
        actor,
        { distributorCode, reportRef: query.reportRef, supersede: query.supersede ?? false, source: 'csv' },
        async (manager, report) => {
          const parse = (lineNumbers: boolean) =>
            new CsvToCopyStream({
              expectedHeader: SALES_COLUMNS,
              maxBytes: this.limits.maxUploadBytes,
              maxProblems: MAX_LISTED_PROBLEMS,
              prefix: `${report.lineKey},`,
              lineNumbers,
            });
          // A stored line is known by its line number; the file's own lines only name the problems of a refused batch.
          const parser = parse(false);
          const client = (await manager.queryRunner!.connect()) as PoolClient;
          try {
            const reading = pipeline([...upload.source, new SpoolTap(spoolPath), parser]);
            // Both settle before going on: a failed upload has cancelled its COPY before the transaction rolls back.
            const [copied, read] = await Promise.allSettled([copyRows(parser, client.query(copyFrom(COPY_SALES_LINES_SQL))), reading]);
            if (read.status === 'rejected') throw read.reason;
            if (copied.status === 'rejected') throw copied.reason;
            const { copyError } = copied.value;
            if (copyError && !isLineError(copyError)) throw new QueryFailedError(COPY_SALES_LINES_SQL, [], copyError);
            return {
              hash: parser.contentHash,
              problems: parser.problems,
              problemCount: parser.problemCount,
              lines: parser.dataLines,
              unparsable: copyError !== null,
              uniqueLineNumbers: parser.firstFieldAscending,
              restage: async () => {
                await manager.query(CREATE_TEXT_STAGE_SQL);
                await pipeline(createReadStream(spoolPath), parse(true), client.query(copyFrom(COPY_TEXT_STAGE_SQL)));
              },
            };
          } catch (error) {
            if (error instanceof CsvTooLargeError) throw this.tooLarge();
            if (error instanceof SalesReportsError) throw error;
            // The database failing is not the file's fault: the error filter maps it.
            if (error instanceof QueryFailedError) throw error;
            throw this.unreadable(error);
          }
        },
      );
    } finally {
      await unlink(spoolPath).catch(() => undefined);
    }
  }

  async submitJson(actor: Actor, dto: CreateSalesReportDto, supersede: boolean): Promise<ImportOutcome> {
    const distributorCode = this.reportingDistributor(actor, dto.distributorCode);
    const lines = dto.lines;
    const text = (value: unknown) => (value === undefined || value === null || value === '' ? null : String(value));
    const columns = [
      lines.map((line) => line.lineNo),
      lines.map((line) => line.saleDate),
      lines.map((line) => line.sku),
      lines.map((line) => line.quantity),
      lines.map((line) => line.unitPrice),
      lines.map((line) => text(line.channel)),
      lines.map((line) => text(line.customerRef)),
      lines.map((line) => line.shipToRegionCode),
      lines.map((line) => text(line.lot)),
      lines.map((line) => text(line.serial)),
    ];
    const indexes = lines.map((_, index) => index);
    return this.run(actor, { distributorCode, reportRef: dto.reportRef, supersede, source: 'json' }, async (manager, report) => {
      let unparsable = false;
      try {
        await manager.query(STAGE_SALES_FROM_ARRAYS_SQL, [report.lineKey, ...columns]);
      } catch (error) {
        if (!isLineError(error as Error)) throw error;
        unparsable = true;
      }
      return {
        hash: jsonContentHash(dto),
        problems: [],
        problemCount: 0,
        lines: lines.length,
        unparsable,
        uniqueLineNumbers: false,
        restage: async () => {
          await manager.query(CREATE_TEXT_STAGE_SQL);
          await manager.query(TEXT_STAGE_FROM_ARRAYS_SQL, [indexes, ...columns.map((values) => values.map(text))]);
        },
      };
    });
  }

  private async run(
    actor: Actor,
    meta: { distributorCode: string; reportRef: string; supersede: boolean; source: 'csv' | 'json' },
    stage: (manager: EntityManager, report: { id: string; lineKey: number }) => Promise<Staged>,
  ): Promise<ImportOutcome> {
    const outcome = await this.dataSource.transaction(async (manager): Promise<ImportOutcome> => {
      const timer = new StepTimer();
      await planForBatches(manager);
      await this.distributors.assertKnown(manager, meta.distributorCode, 'distributorCode');
      // One import per (distributor, reportRef) at a time: a concurrent re-send waits, then sees the first.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`sales-report:${meta.distributorCode}:${meta.reportRef}`]);
      const existing = await manager.findOne(SalesReport, { where: { distributorCode: meta.distributorCode, reportRef: meta.reportRef, status: 'active' } });
      const [{ id: reportId, line_key: lineKey }] = await manager.query(`SELECT uuid_v7() AS id, nextval('sales_report_line_key_seq')::int AS line_key`);
      // The lines go straight into sales_line; a value that does not fit, or a re-sent report, rolls them back to here.
      await manager.query('SAVEPOINT staging');
      const staged = await stage(manager, { id: reportId, lineKey });
      timer.mark('staged');
      if (staged.unparsable) await manager.query('ROLLBACK TO SAVEPOINT staging');

      if (existing && existing.contentHash === staged.hash && staged.problemCount === 0 && !staged.unparsable) {
        await manager.query('ROLLBACK TO SAVEPOINT staging');
        return { status: 200, result: { ...(existing.result as ImportResultDto), duplicate: true } };
      }
      if (existing && !meta.supersede) {
        throw new SalesReportsError(
          'SALES_REPORT_REF_CONFLICT',
          `Report ${meta.reportRef} of ${meta.distributorCode} was already received with different content; send it with ?supersede=true to replace it`,
          { reportId: existing.id, receivedAt: existing.receivedAt.toISOString() },
        );
      }
      if (staged.unparsable || staged.problemCount > 0 || staged.lines === 0) await this.refuse(manager, staged, meta.source);
      // Every value parsed; now the scan over the batch: each line's own rules, known SKUs and regions; then unique line numbers.
      const { badLines, unknownSkus, unknownRegions } = await this.detection.scanSalesReport(manager, { lineKey, distributorCode: meta.distributorCode });
      const repeated = staged.uniqueLineNumbers ? false : (await manager.query(HAS_REPEATED_LINE_SQL, [lineKey]))[0].repeated;
      if (badLines > 0 || unknownSkus > 0 || unknownRegions > 0 || repeated) await this.refuse(manager, staged, meta.source);
      timer.mark('checked');

      const result = await this.recorder.record(
        manager,
        actor,
        { id: reportId, lineKey, ...meta, contentHash: staged.hash, lines: staged.lines, replaces: existing },
        timer,
      );
      this.logger.log(`sales report ${meta.distributorCode}/${meta.reportRef}: ${staged.lines} lines, ${timer.summary()}`);
      return { status: 201, result };
    });
    // The new lines' block ranges, summarized in the background for the scans of the imports that follow.
    if (outcome.status === 201) this.summarizer.request();
    return outcome;
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

  /** A distributor principal reports for itself only. */
  private reportingDistributor(actor: Actor, requested: string | undefined): string {
    if (actor.role === 'distributor') {
      if (requested && requested !== actor.distributorCode) {
        throw new SalesReportsError(
          'SALES_REPORT_NOT_OWN_DISTRIBUTOR',
          `A distributor reports its own sales only; this principal is bound to ${actor.distributorCode}`,
        );
      }
      return actor.distributorCode!;
    }
    if (!requested)
      throw new CommonError('VALIDATION_FAILED', 'distributorCode is required', [{ field: 'distributorCode', problems: ['distributorCode is required'] }]);
    return requested;
  }

  private tooLarge(): SalesReportsError {
    return new SalesReportsError(
      'SALES_REPORT_TOO_LARGE',
      `The upload is larger than the ${this.limits.maxUploadBytes}-byte limit (IMPORT_MAX_BYTES); split the report`,
    );
  }

  private unreadable(error: unknown): SalesReportsError {
    const message = error instanceof Error ? error.message : String(error);
    return new SalesReportsError('SALES_REPORT_REJECTED', `The file could not be read: ${message}`, { problems: [{ message }], totalProblems: 1 });
  }
}

/**
 * A line that does not fit sales_line: a value that does not parse or is too
 * long (class 22), a missing value (23502), a constraint (23514).
 */
function isLineError(error: Error): boolean {
  const code = String((error as { code?: unknown }).code ?? '');
  return code.startsWith('22') || code === '23502' || code === '23514';
}

function describe(problem: RowProblem): string {
  const where = problem.line !== undefined ? `line ${problem.line}` : problem.index !== undefined ? `lines[${problem.index}]` : 'the file';
  return `${where}${problem.field ? ` ${problem.field}` : ''}: ${problem.message}`;
}

/** Identical JSON content, in any line order, hashes the same. */
function jsonContentHash(dto: CreateSalesReportDto): string {
  const hash = createHash('sha256');
  for (const line of [...dto.lines].sort((a, b) => a.lineNo - b.lineNo)) {
    hash.update(
      [
        line.lineNo,
        line.saleDate,
        line.sku,
        line.quantity,
        parseDecimal(line.unitPrice),
        line.channel ?? '',
        line.customerRef ?? '',
        line.shipToRegionCode,
        line.lot ?? '',
        line.serial ?? '',
      ].join('\x1f'),
    );
    hash.update('\x1e');
  }
  return hash.digest('hex');
}
