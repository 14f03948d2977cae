import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request } from 'express';
import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource, EntityManager } from 'typeorm';
import { Actor } from '../../common/auth/roles';
import { CommonError } from '../../common/errors/common.errors';
import { CsvTooLargeError, CsvToCopyStream } from '../../common/csv/csv-to-copy';
import { parseDecimal } from '../../common/money/money';
import { MAX_LISTED_PROBLEMS, RowProblem } from '../../common/validation/problems';
import { type ConfigType } from '@nestjs/config';
import { importConfig } from '../../config/configuration';
import { AuditService } from '../audit/audit.service';
import { DetectionService } from '../detection/detection.service';
import { DistributorsService } from '../distributors/distributors.service';
import { IncidentGroupingService } from '../incidents/incident-grouping.service';
import { CreateSalesReportDto, ImportResultDto } from './dto/sales-report.dto';
import {
  COPY_SALES_STAGE_SQL,
  COUNT_PROBLEMS_SQL,
  CREATE_SALES_STAGE_SQL,
  FIND_SALES_PROBLEMS_SQL,
  FIRST_PROBLEMS_SQL,
  MOVE_SALES_LINES_SQL,
  SALES_COLUMNS,
  STAGE_SALES_FROM_ARRAYS_SQL,
} from './sales-staging.sql';
import { SalesReport } from './sales-report.entity';
import { SalesReportsError } from './sales-reports.errors';
import { supersedeReport } from './supersede.sql';

interface Staged {
  /** SHA-256 of the report's content: identical content is a duplicate. */
  hash: string;
  /** Problems found before SQL saw the lines (file structure). */
  problems: RowProblem[];
  problemCount: number;
  lines: number;
}

export interface ImportOutcome {
  /** 201 for a new report, 200 for a re-sent one. */
  status: 200 | 201;
  result: ImportResultDto;
}

const CSV_TYPES = ['text/csv', 'application/csv', 'text/plain', 'application/vnd.ms-excel', 'application/octet-stream'];

/**
 * Sales-report intake, all or nothing: stage the lines, check them in SQL over
 * the whole batch, then store and detect in set-based statements, in one
 * transaction. A file streams from the request into COPY with flat memory.
 */
@Injectable()
export class SalesReportImportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly distributors: DistributorsService,
    private readonly detection: DetectionService,
    private readonly grouping: IncidentGroupingService,
    private readonly audit: AuditService,
    @Inject(importConfig.KEY) private readonly limits: ConfigType<typeof importConfig>,
  ) {}

  async importCsv(actor: Actor, query: { distributorCode?: string; reportRef: string; supersede?: boolean }, request: Request): Promise<ImportOutcome> {
    const distributorCode = this.reportingDistributor(actor, query.distributorCode);
    const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (!CSV_TYPES.includes(type)) {
      throw new SalesReportsError(
        'SALES_REPORT_UNSUPPORTED_CONTENT_TYPE',
        `Send the report as text/csv (got ${type || 'no content type'}); JSON reports go to POST /api/v1/sales-reports`,
      );
    }
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > this.limits.maxUploadBytes) throw this.tooLarge();
    const gzip = (request.headers['content-encoding'] ?? '').toLowerCase() === 'gzip';
    return this.run(actor, { distributorCode, reportRef: query.reportRef, supersede: query.supersede ?? false, source: 'csv' }, async (manager) => {
      const parser = new CsvToCopyStream({ expectedHeader: SALES_COLUMNS, maxBytes: this.limits.maxUploadBytes, maxProblems: MAX_LISTED_PROBLEMS });
      const client = (await manager.queryRunner!.connect()) as PoolClient;
      try {
        await pipeline([request, ...(gzip ? [createGunzip()] : []), parser, client.query(copyFrom(COPY_SALES_STAGE_SQL))]);
      } catch (error) {
        if (error instanceof CsvTooLargeError) throw this.tooLarge();
        throw this.unreadable(error);
      }
      return { hash: parser.contentHash, problems: parser.problems, problemCount: parser.problemCount, lines: parser.dataLines };
    });
  }

  async submitJson(actor: Actor, dto: CreateSalesReportDto, supersede: boolean): Promise<ImportOutcome> {
    const distributorCode = this.reportingDistributor(actor, dto.distributorCode);
    return this.run(actor, { distributorCode, reportRef: dto.reportRef, supersede, source: 'json' }, async (manager) => {
      const lines = dto.lines;
      const text = (value: unknown) => (value === undefined || value === null ? null : String(value));
      await manager.query(STAGE_SALES_FROM_ARRAYS_SQL, [
        lines.map((_, index) => index),
        lines.map((line) => String(line.lineNo)),
        lines.map((line) => line.saleDate),
        lines.map((line) => line.sku),
        lines.map((line) => String(line.quantity)),
        lines.map((line) => line.unitPrice),
        lines.map((line) => text(line.channel)),
        lines.map((line) => text(line.customerRef)),
        lines.map((line) => line.shipToRegionCode),
        lines.map((line) => text(line.lot)),
        lines.map((line) => text(line.serial)),
      ]);
      return { hash: jsonContentHash(dto), problems: [], problemCount: 0, lines: lines.length };
    });
  }

  private async run(
    actor: Actor,
    meta: { distributorCode: string; reportRef: string; supersede: boolean; source: 'csv' | 'json' },
    stage: (manager: EntityManager) => Promise<Staged>,
  ): Promise<ImportOutcome> {
    return this.dataSource.transaction(async (manager) => {
      await this.distributors.assertKnown(manager, meta.distributorCode, 'distributorCode');
      // One import per (distributor, reportRef) at a time: a concurrent re-send waits, then sees the first.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`sales-report:${meta.distributorCode}:${meta.reportRef}`]);
      const existing = await manager.findOne(SalesReport, { where: { distributorCode: meta.distributorCode, reportRef: meta.reportRef, status: 'active' } });
      await manager.query(CREATE_SALES_STAGE_SQL);
      const staged = await stage(manager);

      if (existing && existing.contentHash === staged.hash && staged.problemCount === 0) {
        return { status: 200, result: { ...(existing.result as ImportResultDto), duplicate: true } };
      }
      if (existing && !meta.supersede) {
        throw new SalesReportsError(
          'SALES_REPORT_REF_CONFLICT',
          `Report ${meta.reportRef} of ${meta.distributorCode} was already received with different content; send it with ?supersede=true to replace it`,
          { reportId: existing.id, receivedAt: existing.receivedAt.toISOString() },
        );
      }
      await this.assertValid(manager, staged, meta.source);

      const supersededReportId = existing ? existing.id : null;
      const touchedIncidents = existing ? await supersedeReport(manager, existing.id) : [];
      const { identifiers } = await manager.insert(SalesReport, {
        reportRef: meta.reportRef,
        distributorCode: meta.distributorCode,
        contentHash: staged.hash,
        lineCount: staged.lines,
        source: meta.source,
        supersedesId: supersededReportId,
        result: {},
        receivedBy: actor.label,
      });
      const reportId = identifiers[0].id as string;
      await manager.query(MOVE_SALES_LINES_SQL, [reportId, meta.distributorCode]);
      const recorded = await this.detection.detectSalesReport(manager, { id: reportId, ref: meta.reportRef, distributorCode: meta.distributorCode });
      await this.grouping.refresh(
        manager,
        touchedIncidents.filter((id) => !recorded.incidentIds.includes(id)),
      );

      const result: ImportResultDto = {
        id: reportId,
        ref: meta.reportRef,
        distributorCode: meta.distributorCode,
        duplicate: false,
        lines: staged.lines,
        accepted: staged.lines,
        violations: { OUT_OF_TERRITORY: 0, BELOW_FLOOR: 0, ...recorded.violations },
        permitted: recorded.permitted,
        incidentsOpened: recorded.incidentsOpened,
        incidentsUpdated: recorded.incidentsUpdated,
        supersededReportId,
      };
      await manager.update(SalesReport, { id: reportId }, { result });
      await this.audit.record(manager, actor, {
        action: existing ? 'sales_report.superseded' : 'sales_report.received',
        entityType: 'sales_report',
        entityId: reportId,
        ...(existing ? { before: { reportId: existing.id, lineCount: existing.lineCount } } : {}),
        after: result,
      });
      return { status: 201, result };
    });
  }

  /** Lists every problem (the first 100, with the total) and refuses the whole report. */
  private async assertValid(manager: EntityManager, staged: Staged, source: 'csv' | 'json'): Promise<void> {
    await manager.query(FIND_SALES_PROBLEMS_SQL);
    const [{ total }] = await manager.query(COUNT_PROBLEMS_SQL);
    const found: Array<{ line: number; field: string; message: string }> = total > 0 ? await manager.query(FIRST_PROBLEMS_SQL, [MAX_LISTED_PROBLEMS]) : [];
    const located = found.map((problem) =>
      source === 'csv'
        ? { line: problem.line, field: problem.field, message: problem.message }
        : { index: problem.line, field: problem.field, message: problem.message },
    );
    const problems: RowProblem[] = [...staged.problems, ...located]
      .sort((a, b) => (a.line ?? a.index ?? 0) - (b.line ?? b.index ?? 0))
      .slice(0, MAX_LISTED_PROBLEMS);
    const totalProblems = staged.problemCount + total;
    if (totalProblems === 0 && staged.lines === 0) problems.push({ line: 2, message: 'the report has no lines: nothing follows the header' });
    if (problems.length === 0) return;
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
