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
    return { items: rows.map((row) => this.view(actor, row)), nextCursor };
  }

  async get(actor: Actor, id: string): Promise<ViolationDto> {
    const violation = await this.dataSource.getRepository(Violation).findOne({ where: { id } });
    const scope = distributorScope(actor);
    if (!violation || (scope !== null && violation.offenderCode !== scope)) throw new ViolationsError('VIOLATION_NOT_FOUND', `No violation ${id}`);
    return this.view(actor, violation);
  }

  /** An offender sees the case against it, not who the victims are. */
  private view(actor: Actor, violation: Violation): ViolationDto {
    const dto = toViolationDto(violation);
    return distributorScope(actor) === null ? dto : { ...dto, victimCodes: [] };
  }
}
