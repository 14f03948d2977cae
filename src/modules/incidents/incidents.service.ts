import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import { distributorScope } from '../../common/auth/access';
import { Actor, isManager } from '../../common/auth/roles';
import { paginate } from '../../common/pagination/pagination';
import { IncidentDto, IncidentPageDto, IncidentSummaryDto, ListIncidentsQueryDto } from './dto/incident.dto';
import { findVisibleIncident, IncidentStanding, standingOf, visibleIncidents } from './incident-access';
import { Incident } from './incident.entity';
import { toIncidentDto } from './incident.mapper';

@Injectable()
export class IncidentsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(actor: Actor, query: ListIncidentsQueryDto): Promise<IncidentPageDto> {
    const builder = this.visible(actor);
    if (query.status) builder.andWhere('incident.status = :status', { status: query.status });
    if (query.severity) builder.andWhere('incident.severity = :severity', { severity: query.severity });
    const offender = query.offenderCode ?? query.offender;
    if (offender) builder.andWhere('incident.offenderCode = :offender', { offender });
    const region = query.regionCode ?? query.region;
    if (region) {
      builder.andWhere(
        `EXISTS (SELECT 1 FROM region_closure rc
                 WHERE rc.ancestor_code = :region AND (rc.descendant_code = incident.destination_region_code OR rc.descendant_code = ANY(incident.region_codes)))`,
        { region },
      );
    }
    if (query.productLine) builder.andWhere('incident.productLine = :productLine', { productLine: query.productLine });
    const assignee = query.assigneeId ?? query.assignee;
    if (assignee) builder.andWhere('incident.assigneeId = :assignee', { assignee });
    if (query.overdue !== undefined) {
      builder.andWhere(query.overdue ? 'incident.dueAt < now()' : '(incident.dueAt IS NULL OR incident.dueAt >= now())');
    }
    const { rows, nextCursor } = await paginate(builder, query, { column: 'incident.id', direction: 'DESC', valueOf: (row) => row.id });
    return { items: rows.map((row) => this.view(actor, toIncidentDto(row))), nextCursor };
  }

  /** The incident as the caller may see it, with its parties and violations summary, and how the caller stands to it. */
  async summary(actor: Actor, id: string): Promise<{ incident: IncidentSummaryDto; standing: IncidentStanding }> {
    const incident = await findVisibleIncident(this.dataSource.manager, actor, id);
    const [summary, parties] = await Promise.all([
      this.dataSource.query(`SELECT type, status, count(*)::int AS count FROM violation WHERE incident_id = $1 GROUP BY type, status`, [id]) as Promise<
        Array<{ type: string; status: string; count: number }>
      >,
      this.dataSource.query(`SELECT code, name FROM distributor WHERE code = ANY($1::text[])`, [
        [incident.offenderCode, ...incident.victimCodes].filter(Boolean),
      ]) as Promise<Array<{ code: string; name: string }>>,
    ]);
    const nameOf = (code: string) => parties.find((party) => party.code === code)?.name ?? null;
    const dto = this.view(actor, toIncidentDto(incident));
    const sum = (rows: typeof summary, key: 'type' | 'status') =>
      rows.reduce<Record<string, number>>((totals, row) => ({ ...totals, [row[key]]: (totals[row[key]] ?? 0) + row.count }), {});
    return {
      standing: standingOf(actor, incident),
      incident: {
        ...dto,
        offender: incident.offenderCode ? { code: incident.offenderCode, name: nameOf(incident.offenderCode) } : null,
        victims: dto.scale.victimCodes.map((code) => ({ code, name: nameOf(code) })),
        violationsSummary: { total: summary.reduce((total, row) => total + row.count, 0), byType: sum(summary, 'type'), byStatus: sum(summary, 'status') },
      },
    };
  }

  private visible(actor: Actor): SelectQueryBuilder<Incident> {
    return visibleIncidents(this.dataSource.manager, actor);
  }

  /** Without other parties' confidential detail: a distributor does not learn who else is involved. */
  private view(actor: Actor, dto: IncidentDto): IncidentDto {
    if (isManager(actor)) return dto;
    const scope = distributorScope(actor);
    if (scope === null) return { ...dto, assessment: null };
    return { ...dto, scale: { ...dto.scale, victimCodes: dto.scale.victimCodes.filter((code) => code === scope) }, assessment: null };
  }
}
