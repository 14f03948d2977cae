import { SALES_COLUMNS } from '../../src/modules/sales-reports/sales-staging.sql';
import type { TestApp } from '../support/test-app';

export interface SalesLine {
  lineNo: number;
  saleDate: string;
  sku: string;
  quantity: number;
  unitPrice: string;
  channel?: string | null;
  customerRef?: string | null;
  shipToRegionCode: string;
  lot?: string | null;
  serial?: string | null;
}

export const CSV_HEADER = SALES_COLUMNS.join(',');

const field = (value: unknown) => {
  const text = value === undefined || value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** A sales report file as a distributor's ERP would export it. */
export function salesCsv(lines: SalesLine[], options: { bom?: boolean; crlf?: boolean } = {}): string {
  const eol = options.crlf ? '\r\n' : '\n';
  const rows = lines.map((line) =>
    [line.lineNo, line.saleDate, line.sku, line.quantity, line.unitPrice, line.channel, line.customerRef, line.shipToRegionCode, line.lot, line.serial]
      .map(field)
      .join(','),
  );
  return `${options.bom ? '\ufeff' : ''}${[CSV_HEADER, ...rows].join(eol)}${eol}`;
}

export function importCsv(t: TestApp, token: string, query: Record<string, string>, body: string | Buffer, contentType = 'text/csv') {
  return t
    .http()
    .post(`/api/v1/sales-reports/import?${new URLSearchParams(query)}`)
    .auth(token, { type: 'bearer' })
    .set('Content-Type', contentType)
    .send(body);
}

/**
 * Imports a report of `lines` (each filled in from `defaults`, numbered in
 * order) as the admin, and answers the violations it raised.
 */
export async function reportSales(
  t: TestApp,
  query: { distributorCode: string; reportRef: string },
  lines: Array<Partial<SalesLine>>,
  defaults: Omit<SalesLine, 'lineNo'>,
): Promise<Array<{ id: string; incidentId: string; type: string; provinceCode: string; source: { lineNo: number } }>> {
  const response = await importCsv(t, t.adminToken, query, salesCsv(lines.map((line, index) => ({ lineNo: index + 1, ...defaults, ...line })))).expect(201);
  return (await t.http().get(`/api/v1/violations?reportId=${response.body.id}&limit=1000`).auth(t.adminToken, { type: 'bearer' }).expect(200)).body.items;
}
