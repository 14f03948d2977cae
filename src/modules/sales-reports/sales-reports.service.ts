import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { distributorScope } from '../../common/auth/access';
import { Actor } from '../../common/auth/roles';
import { decodeCursor, encodeCursor, PageQueryDto, paginate } from '../../common/pagination/pagination';
import { formatDecimal } from '../../common/money/money';
import { ImportResultDto, ListSalesReportsQueryDto, SalesLinePageDto, SalesReportDto, SalesReportPageDto } from './dto/sales-report.dto';
import { SalesReport } from './sales-report.entity';
import { SalesReportsError } from './sales-reports.errors';

@Injectable()
export class SalesReportsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(actor: Actor, query: ListSalesReportsQueryDto): Promise<SalesReportPageDto> {
    const builder = this.dataSource.getRepository(SalesReport).createQueryBuilder('report');
    const scope = distributorScope(actor);
    if (scope !== null) builder.andWhere('report.distributorCode = :scope', { scope });
    if (query.distributorCode) builder.andWhere('report.distributorCode = :code', { code: query.distributorCode });
    if (query.status) builder.andWhere('report.status = :status', { status: query.status });
    if (query.reportRef) builder.andWhere('report.reportRef = :ref', { ref: query.reportRef });
    const { rows, nextCursor } = await paginate(builder, query, { column: 'report.id', direction: 'DESC', valueOf: (row) => row.id });
    return { items: await this.withCounts(rows), nextCursor };
  }

  async get(actor: Actor, id: string): Promise<SalesReportDto> {
    const [report] = await this.withCounts([await this.getVisibleOrThrow(actor, id)]);
    return report;
  }

  /** The report's lines in line order, paginated. */
  async lines(actor: Actor, id: string, page: PageQueryDto): Promise<SalesLinePageDto> {
    const report = await this.getVisibleOrThrow(actor, id);
    const after = page.cursor ? Number(decodeCursor(page.cursor)) : 0;
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT l.line_no, l.sale_date, l.sku, p.product_line, l.quantity, l.unit_price, l.channel, l.customer_ref, l.ship_to_region_code,
              coalesce(r.province_code, r.code) AS province_code, l.lot, l.serial
       FROM (SELECT * FROM sales_line WHERE report_key = $1 AND line_no > $2 ORDER BY line_no LIMIT $3) l
       LEFT JOIN product p ON p.sku = l.sku
       LEFT JOIN region r ON r.code = l.ship_to_region_code
       ORDER BY l.line_no`,
      [report.lineKey, after, page.limit + 1],
    );
    const items = rows.slice(0, page.limit).map((row) => ({
      lineNo: row.line_no as number,
      saleDate: row.sale_date as string,
      sku: row.sku as string,
      productLine: row.product_line as string,
      quantity: row.quantity as number,
      unitPrice: formatDecimal(row.unit_price as string),
      channel: row.channel as string | null,
      customerRef: row.customer_ref as string | null,
      shipToRegionCode: row.ship_to_region_code as string,
      provinceCode: row.province_code as string | null,
      lot: row.lot as string | null,
      serial: row.serial as string | null,
    }));
    return { items, nextCursor: rows.length > page.limit ? encodeCursor(String(items[items.length - 1].lineNo)) : null };
  }

  private async getVisibleOrThrow(actor: Actor, id: string): Promise<SalesReport> {
    const report = await this.dataSource.getRepository(SalesReport).findOne({ where: { id } });
    const scope = distributorScope(actor);
    if (!report || (scope !== null && report.distributorCode !== scope)) throw new SalesReportsError('SALES_REPORT_NOT_FOUND', `No sales report ${id}`);
    return report;
  }

  /** Violation counts per report, by type, in one query for the page. */
  private async withCounts(reports: SalesReport[]): Promise<SalesReportDto[]> {
    const counts: Array<{ report_id: string; type: string; status: string; count: number }> = reports.length
      ? await this.dataSource.query(
          `SELECT report_id, type, status, count(*)::int AS count FROM violation
           WHERE report_id = ANY($1::uuid[]) AND status <> 'voided' GROUP BY report_id, type, status`,
          [reports.map((report) => report.id)],
        )
      : [];
    return reports.map((report) => {
      const mine = counts.filter((row) => row.report_id === report.id);
      return {
        id: report.id,
        reportRef: report.reportRef,
        distributorCode: report.distributorCode,
        status: report.status,
        lineCount: report.lineCount,
        source: report.source,
        supersedesId: report.supersedesId,
        receivedAt: report.receivedAt.toISOString(),
        violations: Object.fromEntries(mine.filter((row) => row.status === 'active').map((row) => [row.type, row.count])),
        permitted: mine.filter((row) => row.status === 'permitted').reduce((sum, row) => sum + row.count, 0),
        result: report.result as ImportResultDto,
      };
    });
  }
}
