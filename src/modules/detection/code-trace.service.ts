import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { today } from '../../common/dates/business-date';
import { appConfig } from '../../config/configuration';
import { preparedQuery } from '../../database/prepared-query';
import { codeNumberSql, codePrefixSql, codeWidthSql } from '../shipments/domain/serial-code.sql';
import { MAX_PACKING_DEPTH, traceCode, traceLot, type Shipped, type TraceVerdict } from './domain/trace-outcome';
import { TraceDto, TraceQueryDto, TraceTerritoryDto } from './dto/trace.dto';

/**
 * The scanned code and the parents it was packed in, nearest first, with the
 * shipment line that bound the nearest one a shipment bound (itself or in a
 * range: the exclusion index on code_binding finds it).
 */
const CODE_TRACE_SQL = `
  WITH RECURSIVE chain AS (
    SELECT $1::text AS code, 0 AS depth
    UNION ALL
    SELECT a.parent_code, c.depth + 1 FROM chain c JOIN code_aggregation a ON a.child_code = c.code WHERE c.depth < ${MAX_PACKING_DEPTH}
  ),
  bound AS (
    SELECT c.depth, b.distributor_code, b.sku, s.shipment_ref, s.shipped_at
    FROM chain c
    CROSS JOIN LATERAL (
      SELECT b.shipment_id, b.distributor_code, b.sku FROM code_binding b
      WHERE b.prefix = ${codePrefixSql('c.code')} AND b.width = ${codeWidthSql('c.code')}
        AND int8range(b.first_number, b.last_number, '[]') @> ${codeNumberSql('c.code')}
      LIMIT 1
    ) b
    JOIN shipment s ON s.id = b.shipment_id
    ORDER BY c.depth LIMIT 1
  )
  SELECT (SELECT array_agg(code ORDER BY depth) FROM chain WHERE depth > 0 AND depth <= coalesce((SELECT depth FROM bound), -1)) AS via,
         b.distributor_code, b.sku, b.shipment_ref, b.shipped_at
  FROM (SELECT 1) one LEFT JOIN bound b ON true`;

/** The shipment lines that carried a lot. */
const LOT_TRACE_SQL = `
  SELECT l.distributor_code, l.sku, s.shipment_ref, s.shipped_at
  FROM shipment_line l JOIN shipment s ON s.id = l.shipment_id
  WHERE l.lot = $1 AND l.quantity > 0`;

const TERRITORIES_SQL = `
  SELECT region_code, product_line, channel, valid_from::text, valid_to::text, exclusive
  FROM territory_grant
  WHERE distributor_code = $1 AND valid_from <= $2::date AND (valid_to IS NULL OR valid_to >= $2::date)
  ORDER BY region_code, product_line NULLS FIRST, channel NULLS FIRST`;

interface ShippedRow {
  distributor_code: string;
  sku: string;
  shipment_ref: string;
  shipped_at: Date;
}

const shippedOf = (row: ShippedRow): Shipped => ({
  distributorCode: row.distributor_code,
  sku: row.sku,
  shipmentRef: row.shipment_ref,
  shippedAt: row.shipped_at,
});

/** Whose goods these are: a scanned code or a lot, traced to the shipment that bound it. */
@Injectable()
export class CodeTraceService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
  ) {}

  async traceCode(code: string, query: TraceQueryDto = {}): Promise<TraceDto> {
    const [row] = await preparedQuery<Partial<ShippedRow> & { via: string[] | null }>(this.dataSource, 'trace-code', CODE_TRACE_SQL, [code]);
    const verdict = traceCode(row.distributor_code ? shippedOf(row as ShippedRow) : null, query.sku);
    return { code, ...(await this.describe(verdict, query)), via: row.via ?? [] };
  }

  async traceLot(lot: string, query: TraceQueryDto = {}): Promise<TraceDto> {
    const rows = await preparedQuery<ShippedRow>(this.dataSource, 'trace-lot', LOT_TRACE_SQL, [lot]);
    return { lot, ...(await this.describe(traceLot(rows.map(shippedOf), query.sku), query)), via: [] };
  }

  private async describe(verdict: TraceVerdict, query: TraceQueryDto): Promise<Omit<TraceDto, 'code' | 'lot' | 'via'>> {
    const territories = verdict.outcome === 'traced' ? await this.territoriesOf(verdict.distributorCode!, query.date ?? today(this.app.businessTimeZone)) : [];
    return {
      outcome: verdict.outcome,
      confidence: verdict.confidence,
      distributorCode: verdict.distributorCode,
      candidates: verdict.candidates,
      shipmentRef: verdict.shipped?.shipmentRef ?? null,
      shippedAt: verdict.shipped?.shippedAt.toISOString() ?? null,
      sku: verdict.shipped?.sku ?? null,
      territories,
    };
  }

  private async territoriesOf(distributorCode: string, date: string): Promise<TraceTerritoryDto[]> {
    const rows = await preparedQuery<{
      region_code: string;
      product_line: string | null;
      channel: string | null;
      valid_from: string;
      valid_to: string | null;
      exclusive: boolean;
    }>(this.dataSource, 'trace-territories', TERRITORIES_SQL, [distributorCode, date]);
    return rows.map((row) => ({
      regionCode: row.region_code,
      productLine: row.product_line,
      channel: row.channel,
      validFrom: row.valid_from,
      validTo: row.valid_to,
      exclusive: row.exclusive,
    }));
  }
}
