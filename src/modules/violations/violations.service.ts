import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { distributorScope } from '../../common/auth/access';
import { Actor } from '../../common/auth/roles';
import { defineErrors } from '../../common/errors/app-error';
import { paginate } from '../../common/pagination/pagination';
import { ListViolationsQueryDto, ViolationDto, ViolationPageDto } from './dto/violation.dto';
import { Violation } from './violation.entity';
import { toViolationDto } from './violation.mapper';

export class ViolationsError extends defineErrors({ VIOLATION_NOT_FOUND: 'not_found' }) {}

@Injectable()
export class ViolationsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(actor: Actor, query: ListViolationsQueryDto): Promise<ViolationPageDto> {
    const builder = this.dataSource.getRepository(Violation).createQueryBuilder('violation');
    const scope = distributorScope(actor);
    if (scope !== null) builder.andWhere('violation.offenderCode = :scope', { scope });
    if (query.status) builder.andWhere('violation.status = :status', { status: query.status });
    else builder.andWhere(`violation.status <> 'voided'`);
    if (query.type) builder.andWhere('violation.type = :type', { type: query.type });
    const offender = query.offenderCode ?? query.offender;
    if (offender) builder.andWhere('violation.offenderCode = :offender', { offender });
    const region = query.regionCode ?? query.region;
    if (region) {
      builder.andWhere(`EXISTS (SELECT 1 FROM region_closure rc WHERE rc.descendant_code = violation.region_code AND rc.ancestor_code = :region)`, { region });
    }
    if (query.date) builder.andWhere('violation.occurredOn = :date', { date: query.date });
    if (query.from) builder.andWhere('violation.occurredOn >= :from', { from: query.from });
    if (query.to) builder.andWhere('violation.occurredOn <= :to', { to: query.to });
    const incident = query.incidentId ?? query.incident;
    if (incident) builder.andWhere('violation.incidentId = :incident', { incident });
    if (query.reportId) builder.andWhere('violation.reportId = :reportId', { reportId: query.reportId });
    if (query.sku) builder.andWhere('violation.sku = :sku', { sku: query.sku });
    if (query.productLine) builder.andWhere('violation.productLine = :productLine', { productLine: query.productLine });
    if (query.sourceKind) builder.andWhere('violation.sourceKind = :sourceKind', { sourceKind: query.sourceKind });
    const { rows, nextCursor } = await paginate(builder, query, { column: 'violation.id', direction: 'DESC', valueOf: (row) => row.id });
    const grants = await this.grantsConsidered(rows);
    return { items: rows.map((row) => this.view(actor, row, grants)), nextCursor };
  }

  async get(actor: Actor, id: string): Promise<ViolationDto> {
    const violation = await this.dataSource.getRepository(Violation).findOne({ where: { id } });
    const scope = distributorScope(actor);
    if (!violation || (scope !== null && violation.offenderCode !== scope)) throw new ViolationsError('VIOLATION_NOT_FOUND', `No violation ${id}`);
    return this.view(actor, violation, await this.grantsConsidered([violation]));
  }

  /** Violations as a statement returned them (RETURNING their columns, by database name), as the actor sees them. */
  fromRows(actor: Actor, rows: Array<Record<string, unknown>>): ViolationDto[] {
    const metadata = this.dataSource.getMetadata(Violation);
    return rows.map((row) => {
      const violation = metadata.create() as Violation;
      for (const column of metadata.columns) column.setEntityValue(violation, this.dataSource.driver.prepareHydratedValue(row[column.databaseName], column));
      return this.view(actor, violation, new Map());
    });
  }

  /**
   * The territory grants the sales-line violations were judged against, kept
   * once per report, product line, channel and day (sales_grant_evidence):
   * one read for a page, by violation id.
   */
  private async grantsConsidered(violations: Violation[]): Promise<Map<string, unknown[]>> {
    const ids = violations.filter((violation) => violation.sourceKind === 'sales_line').map((violation) => violation.id);
    if (ids.length === 0) return new Map();
    const rows: Array<{ id: string; grants: unknown[] }> = await this.dataSource.query(
      `SELECT v.id, e.grants
       FROM violation v
       JOIN sales_grant_evidence e
         ON e.report_id = v.report_id AND e.product_line = v.product_line AND e.channel = coalesce(v.channel, '') AND e.sale_date = v.occurred_on
       WHERE v.id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((row) => [row.id, row.grants]));
  }

  /** An offender sees the case against it, not who the victims are. */
  private view(actor: Actor, violation: Violation, grants: Map<string, unknown[]>): ViolationDto {
    const dto = toViolationDto(violation, grants.get(violation.id));
    return distributorScope(actor) === null ? dto : { ...dto, victimCodes: [] };
  }
}
