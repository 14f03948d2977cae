import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request } from 'express';
import { pipeline } from 'node:stream/promises';
import { DatabaseError, type PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { Actor } from '../../common/auth/roles';
import { CsvTooLargeError, CsvToCopyStream } from '../../common/csv/csv-to-copy';
import { csvUpload } from '../../common/csv/csv-upload';
import { publishEvents } from '../../common/events/domain-events';
import { importProblems } from '../../common/validation/import-problems';
import { MAX_LISTED_PROBLEMS, RowProblem } from '../../common/validation/problems';
import { appConfig, importConfig } from '../../config/configuration';
import { bindNamed } from '../../database/named-parameters';
import { AuditService } from '../audit/audit.service';
import { CUTOFF_BREACH_SQL } from '../enforcement/enforcement.sql';
import { SELL_MONTHLY_SQL } from '../reconciliation/sell-monthly.sql';
import { CreateShipmentDto, ShipmentImportResultDto, ShipmentResultDto } from './dto/shipment.dto';
import { ShipmentsError } from './shipments.errors';
import {
  CODES_FROM_FILE_SQL,
  COPY_SHIPMENT_STAGE_SQL,
  CREATE_SHIPMENT_STAGE_SQL,
  FIND_SHIPMENT_PROBLEMS_SQL,
  SHIPMENT_COLUMNS,
  STAGE_CODES_FROM_ARRAYS_SQL,
  STAGE_LINES_FROM_ARRAYS_SQL,
  STAGED_RANGES_SQL,
  STAGED_SHIPMENTS_SQL,
} from './shipment-staging.sql';
import { STORE_SHIPMENTS_SQL } from './shipment-store.sql';

interface Staged {
  problems: RowProblem[];
  problemCount: number;
}

/**
 * Sell-in intake, all or nothing: stage, check in SQL over the batch, bind
 * serials and ranges to the distributor. Idempotent per shipmentRef: the same
 * shipment again is a duplicate; another content under the same ref is a 409.
 */
@Injectable()
export class ShipmentImportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    @Inject(importConfig.KEY) private readonly limits: ConfigType<typeof importConfig>,
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
  ) {}

  async createJson(actor: Actor, dto: CreateShipmentDto): Promise<{ status: 200 | 201; result: ShipmentResultDto }> {
    const outcome = await this.run(actor, 'json', async (manager) => {
      const lines = dto.lines;
      await manager.query(STAGE_LINES_FROM_ARRAYS_SQL, [
        lines.map((_, index) => index),
        lines.map(() => dto.shipmentRef),
        lines.map(() => dto.distributorCode),
        lines.map(() => dto.shippedAt),
        lines.map((_, index) => String(index + 1)),
        lines.map((line) => line.sku),
        lines.map((line) => String(line.quantity)),
        lines.map((line) => line.unitPrice),
        lines.map((line) => line.lot ?? null),
      ]);
      const codes = lines.flatMap((line, index) => [
        ...(line.serials ?? []).map((serial) => ({ index, field: `lines.${index}.serials`, serial, from: null, to: null })),
        ...(line.serialRanges ?? []).map((range) => ({ index, field: `lines.${index}.serialRanges`, serial: null, from: range.from, to: range.to })),
      ]);
      await manager.query(STAGE_CODES_FROM_ARRAYS_SQL, [
        codes.map((code) => code.index),
        codes.map((code) => code.field),
        codes.map(() => dto.shipmentRef),
        codes.map((code) => String(code.index + 1)),
        codes.map((code) => code.serial),
        codes.map((code) => code.from),
        codes.map((code) => code.to),
      ]);
      return { problems: [], problemCount: 0 };
    });
    return { status: outcome.created > 0 ? 201 : 200, result: outcome.items[0] };
  }

  async importCsv(actor: Actor, request: Request): Promise<{ status: 200 | 201; result: ShipmentImportResultDto }> {
    const upload = csvUpload(request);
    if (!upload.isCsv) throw new ShipmentsError('SHIPMENT_UNSUPPORTED_CONTENT_TYPE', `Send shipments as text/csv (got ${upload.type || 'no content type'})`);
    if (upload.declaredBytes > this.limits.maxUploadBytes) throw this.tooLarge();
    const outcome = await this.run(actor, 'csv', async (manager) => {
      const parser = new CsvToCopyStream({ expectedHeader: SHIPMENT_COLUMNS, maxBytes: this.limits.maxUploadBytes, maxProblems: MAX_LISTED_PROBLEMS });
      const client = (await manager.queryRunner!.connect()) as PoolClient;
      try {
        await pipeline([...upload.source, parser, client.query(copyFrom(COPY_SHIPMENT_STAGE_SQL))]);
      } catch (error) {
        if (error instanceof CsvTooLargeError) throw this.tooLarge();
        // The stage is all text: an error PostgreSQL raises here is the database's, not the file's.
        if (error instanceof DatabaseError) throw new QueryFailedError(COPY_SHIPMENT_STAGE_SQL, [], error);
        const message = error instanceof Error ? error.message : String(error);
        throw new ShipmentsError('SHIPMENT_REJECTED', `The file could not be read: ${message}`, { problems: [{ message }], totalProblems: 1 });
      }
      await manager.query(CODES_FROM_FILE_SQL);
      return { problems: parser.problems, problemCount: parser.problemCount };
    });
    return { status: outcome.created > 0 ? 201 : 200, result: outcome };
  }

  private async run(actor: Actor, source: 'json' | 'csv', stage: (manager: EntityManager) => Promise<Staged>): Promise<ShipmentImportResultDto> {
    return this.dataSource.transaction(async (manager) => {
      for (const statement of CREATE_SHIPMENT_STAGE_SQL) await manager.query(statement);
      const staged = await stage(manager);
      await manager.query(STAGED_RANGES_SQL);
      await this.assertValid(manager, staged, source);
      await manager.query(STAGED_SHIPMENTS_SQL);
      // One writer per shipmentRef at a time, locked in a fixed order.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('shipment:' || shipment_ref, 0)) FROM staged_shipment ORDER BY shipment_ref`);
      await this.assertNoRefConflict(manager);
      await manager.query(`CREATE TEMP TABLE new_shipment ON COMMIT DROP AS
        SELECT st.* FROM staged_shipment st WHERE NOT EXISTS (SELECT 1 FROM shipment s WHERE s.shipment_ref = st.shipment_ref)`);
      await this.assertCodesFree(manager);
      for (const statement of STORE_SHIPMENTS_SQL) {
        const { text, parameters } = bindNamed(statement, { source, timezone: this.app.businessTimeZone });
        await manager.query(text, parameters);
      }
      await this.audit.recordFromQuery(
        manager,
        actor,
        `SELECT 'shipment.received', 'shipment', s.id::text, NULL::jsonb,
                jsonb_build_object('shipmentRef', s.shipment_ref, 'distributorCode', s.distributor_code, 'shippedAt', s.shipped_at,
                                   'lines', s.line_count, 'units', s.unit_count, 'codes', s.code_count)
         FROM stored_shipment s`,
        [],
      );
      await manager.query(SELL_MONTHLY_SQL.shipped);
      const breaches = (await manager.query(CUTOFF_BREACH_SQL)) as Breach[];
      if (breaches.length > 0) await this.announceBreaches(manager);
      return this.result(manager, breaches);
    });
  }

  /** One event per incident whose supply cutoff a shipment breached. */
  private async announceBreaches(manager: EntityManager): Promise<void> {
    const incidents = (await manager.query(
      `SELECT v.incident_id, v.evidence ->> 'distributorCode' AS distributor_code, count(*)::int AS lines
       FROM violation v JOIN stored_shipment s ON v.source_kind = 'shipment' AND v.source_id = s.id::text
       WHERE v.type = 'CUTOFF_BREACH' GROUP BY 1, 2`,
    )) as Array<{ incident_id: string; distributor_code: string; lines: number }>;
    await publishEvents(
      manager,
      incidents.map((incident) => ({
        type: 'incident.cutoff_breached',
        incidentId: incident.incident_id,
        distributorCode: incident.distributor_code,
        lines: incident.lines,
      })),
    );
  }

  private async result(manager: EntityManager, breaches: Breach[]): Promise<ShipmentImportResultDto> {
    const rows: Array<{
      id: string;
      shipment_ref: string;
      distributor_code: string;
      shipped_at: Date;
      duplicate: boolean;
      lines: number;
      units: string;
      codes: string;
    }> = await manager.query(`
        SELECT s.id, st.shipment_ref, st.distributor_code, s.shipped_at, NOT EXISTS (SELECT 1 FROM new_shipment n WHERE n.shipment_ref = st.shipment_ref) AS duplicate,
               s.line_count AS lines, s.unit_count::text AS units, s.code_count::text AS codes
        FROM staged_shipment st JOIN shipment s ON s.shipment_ref = st.shipment_ref
        ORDER BY st.shipment_ref`);
    const items: ShipmentResultDto[] = rows.map((row) => ({
      id: row.id,
      ref: row.shipment_ref,
      shipmentRef: row.shipment_ref,
      distributorCode: row.distributor_code,
      shippedAt: row.shipped_at.toISOString(),
      duplicate: row.duplicate,
      lines: row.lines,
      accepted: row.duplicate ? 0 : row.lines,
      units: Number(row.units),
      codes: Number(row.codes),
      violations: countsOf(breaches.filter((breach) => breach.source_id === row.id)),
      incidentsOpened: 0,
      incidentsUpdated: new Set(breaches.filter((breach) => breach.source_id === row.id).map((breach) => breach.incident_id)).size,
    }));
    const created = items.filter((item) => !item.duplicate);
    const distributors = new Set(items.map((item) => item.distributorCode));
    return {
      id: items.length === 1 ? items[0].id : null,
      ref: items.length === 1 ? items[0].ref : null,
      distributorCode: distributors.size === 1 ? items[0].distributorCode : null,
      duplicate: created.length === 0,
      shipments: items.length,
      created: created.length,
      duplicates: items.length - created.length,
      lines: items.reduce((sum, item) => sum + item.lines, 0),
      accepted: created.reduce((sum, item) => sum + item.lines, 0),
      units: created.reduce((sum, item) => sum + item.units, 0),
      codes: created.reduce((sum, item) => sum + item.codes, 0),
      violations: countsOf(breaches),
      incidentsOpened: 0,
      incidentsUpdated: new Set(breaches.map((breach) => breach.incident_id)).size,
      items,
    };
  }

  private async assertValid(manager: EntityManager, staged: Staged, source: 'json' | 'csv'): Promise<void> {
    await manager.query(FIND_SHIPMENT_PROBLEMS_SQL);
    const { problems, total } = await importProblems(manager, staged, source);
    const [{ rows }] = await manager.query(`SELECT count(*)::int AS rows FROM shipment_stage`);
    if (problems.length === 0 && rows === 0) problems.push({ line: 2, message: 'the file has no shipment lines: nothing follows the header' });
    if (problems.length === 0) return;
    const totalProblems = Math.max(total, problems.length);
    throw new ShipmentsError('SHIPMENT_REJECTED', `The shipments were refused and nothing was stored: ${totalProblems} problem(s)`, {
      problems,
      totalProblems,
    });
  }

  private async assertNoRefConflict(manager: EntityManager): Promise<void> {
    const differing: Array<{ shipment_ref: string; id: string }> = await manager.query(
      `SELECT st.shipment_ref, s.id FROM staged_shipment st JOIN shipment s ON s.shipment_ref = st.shipment_ref
       WHERE s.content_hash <> st.content_hash ORDER BY st.shipment_ref LIMIT 100`,
    );
    if (differing.length === 0) return;
    throw new ShipmentsError('SHIPMENT_REF_CONFLICT', `Shipment ${differing[0].shipment_ref} was already recorded with different content; nothing was stored`, {
      shipments: differing.map((row) => ({ shipmentRef: row.shipment_ref, id: row.id })),
    });
  }

  /** Codes already bound by another shipment are refused, naming them and the shipment that holds them. */
  private async assertCodesFree(manager: EntityManager): Promise<void> {
    const taken: Array<{ line: number; code_from: string; code_to: string; shipment_ref: string; shipment_id: string }> = await manager.query(`
      SELECT c.file_line AS line,
             c.prefix || CASE WHEN c.width = 0 THEN '' ELSE lpad(greatest(c.first_number, b.first_number)::text, c.width, '0') END AS code_from,
             c.prefix || CASE WHEN c.width = 0 THEN '' ELSE lpad(least(c.last_number, b.last_number)::text, c.width, '0') END AS code_to,
             s.shipment_ref, s.id AS shipment_id
      FROM staged_code_range c
      JOIN new_shipment n ON n.shipment_ref = c.shipment_ref
      -- One index lookup per staged code or range (the exclusion constraint's GiST index): joined on prefix and width
      -- alone, codes sharing a prefix would be compared pair by pair.
      CROSS JOIN LATERAL (
        SELECT b.first_number, b.last_number, b.shipment_id FROM code_binding b
        WHERE b.prefix = c.prefix AND b.width = c.width
          AND int8range(b.first_number, b.last_number, '[]') && int8range(c.first_number, c.last_number, '[]')
        ORDER BY b.first_number LIMIT 1
      ) b
      JOIN shipment s ON s.id = b.shipment_id
      ORDER BY c.file_line LIMIT 100`);
    if (taken.length === 0) return;
    const describe = (row: (typeof taken)[number]) => (row.code_from === row.code_to ? row.code_from : `${row.code_from}..${row.code_to}`);
    throw new ShipmentsError(
      'SHIPMENT_CODES_ALREADY_BOUND',
      `Codes already bound by another shipment: ${describe(taken[0])} (shipment ${taken[0].shipment_ref}); nothing was stored`,
      {
        codes: taken.map((row) => ({ line: row.line, codes: describe(row), boundBy: { shipmentRef: row.shipment_ref, id: row.shipment_id } })),
      },
    );
  }

  private tooLarge(): ShipmentsError {
    return new ShipmentsError('SHIPMENT_TOO_LARGE', `The upload is larger than the ${this.limits.maxUploadBytes}-byte limit (IMPORT_MAX_BYTES)`);
  }
}

/** A count of CUTOFF_BREACH_SQL's answer: violations of a type on a stored shipment. */
interface Breach {
  source_id: string;
  incident_id: string;
  type: string;
  count: number;
}

function countsOf(breaches: Breach[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const breach of breaches) counts[breach.type] = (counts[breach.type] ?? 0) + breach.count;
  return counts;
}
