import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { today } from '../../common/dates/business-date';
import { appConfig } from '../../config/configuration';
import { preparedQuery } from '../../database/prepared-query';
import { codeNumberSql, codePrefixSql, codeWidthSql } from '../shipments/domain/serial-code.sql';
import { MAX_PACKING_DEPTH, traceCode, traceLot, type Shipped, type TraceVerdict } from './domain/trace-outcome';
import { TraceDto, TraceQueryDto, TraceTerritoryDto } from './dto/trace.dto';

/** The grants of a distributor (an expression) live on $2, as TraceTerritoryDto objects: where it may sell. */
const territoriesJsonSql = (distributor: string) => `
  (SELECT coalesce(json_agg(json_build_object('regionCode', g.region_code, 'productLine', g.product_line, 'channel', g.channel,
                                              'validFrom', g.valid_from, 'validTo', g.valid_to, 'exclusive', g.exclusive)
                            ORDER BY g.region_code, g.product_line NULLS FIRST, g.channel NULLS FIRST), '[]')
   FROM territory_grant g
   WHERE g.distributor_code = ${distributor} AND g.valid_from <= $2::date AND (g.valid_to IS NULL OR g.valid_to >= $2::date))`;

/**
 * Each scanned code ($1, in order) with the parents it was packed in, nearest
 * first, and the shipment line that bound the nearest one a shipment bound
 * (itself or in a range: the exclusion index on code_binding finds it), with
 * where that distributor may sell on $2. One statement for all of a
 * sighting's codes.
 */
const CODE_TRACE_SQL = `
  WITH RECURSIVE scanned AS (
    SELECT code, n FROM unnest($1::text[]) WITH ORDINALITY AS s (code, n)
  ),
  chain AS (
    SELECT n, code, 0 AS depth FROM scanned
    UNION ALL
    SELECT c.n, a.parent_code, c.depth + 1 FROM chain c JOIN code_aggregation a ON a.child_code = c.code WHERE c.depth < ${MAX_PACKING_DEPTH}
  ),
  bound AS (
    SELECT DISTINCT ON (c.n) c.n, c.depth, b.distributor_code, b.sku, s.shipment_ref, s.shipped_at
    FROM chain c
    CROSS JOIN LATERAL (
      SELECT b.shipment_id, b.distributor_code, b.sku FROM code_binding b
      WHERE b.prefix = ${codePrefixSql('c.code')} AND b.width = ${codeWidthSql('c.code')}
        AND int8range(b.first_number, b.last_number, '[]') @> ${codeNumberSql('c.code')}
      LIMIT 1
    ) b
    JOIN shipment s ON s.id = b.shipment_id
    ORDER BY c.n, c.depth
  )
  SELECT s.code,
         (SELECT array_agg(c.code ORDER BY c.depth) FROM chain c WHERE c.n = s.n AND c.depth > 0 AND c.depth <= coalesce(b.depth, -1)) AS via,
         b.distributor_code, b.sku, b.shipment_ref, b.shipped_at,
         CASE WHEN b.distributor_code IS NOT NULL THEN ${territoriesJsonSql('b.distributor_code')} END AS territories
  FROM scanned s LEFT JOIN bound b ON b.n = s.n
  ORDER BY s.n`;

/** The shipment lines that carried a lot ($1), each with where its distributor may sell on $2. */
const LOT_TRACE_SQL = `
  SELECT l.distributor_code, l.sku, s.shipment_ref, s.shipped_at, ${territoriesJsonSql('l.distributor_code')} AS territories
  FROM shipment_line l JOIN shipment s ON s.id = l.shipment_id
  WHERE l.lot = $1 AND l.quantity > 0`;

interface ShippedRow {
  distributor_code: string;
  sku: string;
  shipment_ref: string;
  shipped_at: Date;
  territories: TraceTerritoryDto[];
}

const shippedOf = (row: ShippedRow): Shipped => ({
  distributorCode: row.distributor_code,
  sku: row.sku,
  shipmentRef: row.shipment_ref,
  shippedAt: row.shipped_at,
});

/** Whose goods these are: scanned codes or a lot, traced to the shipment that bound them. */
@Injectable()
export class CodeTraceService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
  ) {}

  async traceCode(code: string, query: TraceQueryDto = {}): Promise<TraceDto> {
    const [trace] = await this.traceCodes([code], query);
    return trace;
  }

  /**
   * The codes' traces, in the order given: one statement whatever their number. `on`: the transaction to read in
   * (a sighting's), else the pool.
   */
  async traceCodes(codes: readonly string[], query: TraceQueryDto = {}, on: EntityManager | DataSource = this.dataSource): Promise<TraceDto[]> {
    if (codes.length === 0) return [];
    const rows = await preparedQuery<Partial<ShippedRow> & { code: string; via: string[] | null }>(on, 'trace-codes', CODE_TRACE_SQL, [
      codes,
      this.dayOf(query),
    ]);
    return rows.map((row) => {
      const shipped = row.distributor_code ? (row as ShippedRow) : null;
      const verdict = traceCode(shipped ? shippedOf(shipped) : null, query.sku);
      return { code: row.code, ...describe(verdict, shipped?.territories ?? []), via: row.via ?? [] };
    });
  }

  async traceLot(lot: string, query: TraceQueryDto = {}, on: EntityManager | DataSource = this.dataSource): Promise<TraceDto> {
    const rows = await preparedQuery<ShippedRow>(on, 'trace-lot', LOT_TRACE_SQL, [lot, this.dayOf(query)]);
    const verdict = traceLot(rows.map(shippedOf), query.sku);
    const territories = rows.find((row) => row.distributor_code === verdict.distributorCode)?.territories ?? [];
    return { lot, ...describe(verdict, territories), via: [] };
  }

  private dayOf(query: TraceQueryDto): string {
    return query.date ?? today(this.app.businessTimeZone);
  }
}

/** A verdict as answered; where the distributor may sell only when the goods are traced to it. */
function describe(verdict: TraceVerdict, territories: TraceTerritoryDto[]): Omit<TraceDto, 'code' | 'lot' | 'via'> {
  return {
    outcome: verdict.outcome,
    confidence: verdict.confidence,
    distributorCode: verdict.distributorCode,
    candidates: verdict.candidates,
    shipmentRef: verdict.shipped?.shipmentRef ?? null,
    shippedAt: verdict.shipped?.shippedAt.toISOString() ?? null,
    sku: verdict.shipped?.sku ?? null,
    territories: verdict.outcome === 'traced' ? territories : [],
  };
}
