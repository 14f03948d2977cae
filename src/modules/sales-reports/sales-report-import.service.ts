import { SalesTally } from './sales-tally';
import { Inject, Injectable } from '@nestjs/common';
import { type ConfigType } from '@nestjs/config';
import type { Request } from 'express';
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { EntityManager, QueryFailedError } from 'typeorm';
import { Actor } from '../../common/auth/roles';
import { CsvTooLargeError, CsvToCopyStream } from '../../common/csv/csv-to-copy';
import { CsvUpload, csvUpload } from '../../common/csv/csv-upload';
import { copyRows, SpoolError, SpoolTap } from '../../common/csv/spooled-copy';
import { CommonError } from '../../common/errors/common.errors';
import { parseDecimal } from '../../common/money/money';
import { MAX_LISTED_PROBLEMS } from '../../common/validation/problems';
import { importConfig } from '../../config/configuration';
import { CreateSalesReportDto } from './dto/sales-report.dto';
import { ImportOutcome, SalesReportIntake, Staged } from './sales-report-intake.service';
import {
  COPY_SALES_LINES_SQL,
  COPY_TEXT_STAGE_SQL,
  CREATE_TEXT_STAGE_SQL,
  SALES_COLUMNS,
  STAGE_SALES_FROM_ARRAYS_SQL,
  TEXT_STAGE_FROM_ARRAYS_SQL,
} from './sales-staging.sql';
import { SalesReportsError } from './sales-reports.errors';

export type { ImportOutcome } from './sales-report-intake.service';

/**
 * The two ways a sales report arrives: a CSV file streamed from the request
 * into COPY (flat memory, the upload spooled to disk meanwhile) and a JSON
 * body. Both are received by SalesReportIntake.
 */
@Injectable()
export class SalesReportImportService {
  constructor(
    private readonly intake: SalesReportIntake,
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
    // The upload, kept on disk until the transaction ends: a refused batch is read again from it.
    const spoolPath = join(tmpdir(), `ccm-sales-${randomUUID()}.csv`);
    try {
      return await this.intake.receive(
        actor,
        { distributorCode, reportRef: query.reportRef, supersede: query.supersede ?? false, source: 'csv' },
        (manager, report) => this.stageCsv(manager, report.lineKey, upload.source, spoolPath),
      );
    } finally {
      await unlink(spoolPath).catch(() => undefined);
    }
  }

  /** Streams the file into COPY while spooling it; its structure problems come with the parser, its values' with COPY. */
  private async stageCsv(manager: EntityManager, lineKey: number, source: CsvUpload['source'], spoolPath: string): Promise<Staged> {
    const tally = new SalesTally(...(await tallyMaps(manager)));
    const parse = (lineNumbers: boolean, onRecord?: (buf: Buffer, start: number, end: number, quoted: boolean) => void) =>
      new CsvToCopyStream({
        expectedHeader: SALES_COLUMNS,
        maxBytes: this.limits.maxUploadBytes,
        maxProblems: MAX_LISTED_PROBLEMS,
        prefix: `${lineKey},`,
        lineNumbers,
        onRecord,
      });
    // A stored line is known by its line number; the file's own lines only name the problems of a refused batch.
    const parser = parse(false, (buf, start, end, quoted) => tally.addRecord(buf, start, end, quoted));
    const client = (await manager.queryRunner!.connect()) as PoolClient;
    try {
      const reading = pipeline([...source, new SpoolTap(spoolPath), parser]);
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
        tally: tally.rows(),
        restage: async () => {
          await manager.query(CREATE_TEXT_STAGE_SQL);
          await pipeline(createReadStream(spoolPath), parse(true), client.query(copyFrom(COPY_TEXT_STAGE_SQL)));
        },
      };
    } catch (error) {
      if (error instanceof CsvTooLargeError) throw this.tooLarge();
      if (error instanceof SalesReportsError) throw error;
      // The database or the disk failing is not the file's fault: the error filter maps it.
      if (error instanceof QueryFailedError || error instanceof SpoolError) throw error;
      throw this.unreadable(error);
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
    return this.intake.receive(actor, { distributorCode, reportRef: dto.reportRef, supersede, source: 'json' }, async (manager, report) => {
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
        tally: tallyOf(lines, await tallyMaps(manager)),
        restage: async () => {
          await manager.query(CREATE_TEXT_STAGE_SQL);
          await manager.query(TEXT_STAGE_FROM_ARRAYS_SQL, [indexes, ...columns.map((values) => values.map(text))]);
        },
      };
    });
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

/** The tally of JSON lines (their dates are checked YYYY-MM-DD). */
function tallyOf(
  lines: Array<{ saleDate: string; sku: string; quantity: number; unitPrice: string; shipToRegionCode: string }>,
  maps: [ReadonlyMap<string, string>, ReadonlyMap<string, string>],
): Staged['tally'] {
  const tally = new SalesTally(...maps);
  for (const line of lines) tally.add(line.saleDate, line.sku, line.quantity, line.unitPrice, line.shipToRegionCode);
  return tally.rows();
}

/** Each region's province (a region without one stands for itself) and each SKU's product line, for the tally's prices. */
async function tallyMaps(manager: EntityManager): Promise<[Map<string, string>, Map<string, string>]> {
  const [regions, products] = (await Promise.all([
    manager.query(`SELECT code AS key, coalesce(province_code, code) AS value FROM region`),
    manager.query(`SELECT sku AS key, product_line AS value FROM product`),
  ])) as Array<Array<{ key: string; value: string }>>;
  return [new Map(regions.map((row) => [row.key, row.value])), new Map(products.map((row) => [row.key, row.value]))];
}
