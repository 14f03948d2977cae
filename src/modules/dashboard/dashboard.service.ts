import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { addDays, today } from '../../common/dates/business-date';
import { CommonError } from '../../common/errors/common.errors';
import { formatDecimal, fromScaled, toScaled } from '../../common/money/money';
import { appConfig } from '../../config/configuration';
import { RegionsError } from '../regions/regions.errors';
import { DashboardQueryDto, DashboardSummaryDto, FlowsDto, PriceErosionDto, WeeklyDto } from './dto/dashboard.dto';
import { FloorRow, mergePriceErosion, ObservedRow, SoldRow } from './domain/price-erosion';
import { PRICE_EROSION_SQL } from './price-erosion.sql';
import { DailySource, DASHBOARD_SQL } from './dashboard.sql';

/** A dashboard query made definite: the period, the region (or null) and the product line (or null). */
export interface Scope {
  from: string;
  to: string;
  region: string | null;
  productLine: string | null;
  /** The statements for the region: the pre-aggregate by province, or the violations of a city or district. */
  sql: (typeof DASHBOARD_SQL)['by_province'];
}

/** The longest weekly series: ten years of weeks. */
const MAX_WEEKLY_DAYS = 522 * 7;
const money = (value: string | null) => formatDecimal(value ?? '0');
const counts = (rows: Array<{ key: string; count: number }>) => Object.fromEntries(rows.map((row) => [row.key, row.count]));

/**
 * The channel manager's numbers: read from the violation_daily
 * pre-aggregate, kept current by the intake's own transactions, and from the
 * incidents and their actions and claims (tens of thousands of rows, indexed).
 */
@Injectable()
export class DashboardService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
  ) {}

  async summary(query: DashboardQueryDto): Promise<DashboardSummaryDto> {
    const scope = await this.scopeOf(query);
    const parameters = [scope.from, scope.to, scope.region, scope.productLine, this.app.businessTimeZone];
    const [[incidents], statuses, severities, violations, [dumped], [cutoffs], claims, penalties] = await Promise.all([
      this.dataSource.query(scope.sql.incidentFigures, parameters),
      this.dataSource.query(scope.sql.incidentsBy('status'), parameters),
      this.dataSource.query(scope.sql.incidentsBy('severity'), parameters),
      this.dataSource.query(scope.sql.violationsByType, parameters),
      this.dataSource.query(scope.sql.dumped, parameters),
      this.dataSource.query(scope.sql.activeCutoffs, parameters),
      this.dataSource.query(scope.sql.claims, parameters),
      this.dataSource.query(scope.sql.penalties, parameters),
    ]);
    const claimOf = (status: string) => (claims as Array<{ status: string; amount: string; count: number }>).find((row) => row.status === status);
    const typedPenalties = penalties as Array<{ type: string; amount: string | null; count: number }>;
    return {
      from: scope.from,
      to: scope.to,
      regionCode: scope.region,
      incidents: {
        byStatus: counts(statuses),
        bySeverity: counts(severities),
        opened: incidents.opened,
        resolved: incidents.resolved,
        overdue: incidents.overdue,
        meanTimeToResolveHours: incidents.mean_hours === null ? null : Math.round(Number(incidents.mean_hours) * 10) / 10,
      },
      violations: { total: (violations as Array<{ count: number }>).reduce((sum, row) => sum + row.count, 0), byType: counts(violations) },
      dumped: { units: Number(dumped.units), valueAtFloor: money(dumped.value_at_floor), priceErosion: money(dumped.price_erosion) },
      activeCutoffs: cutoffs.count,
      compensation: {
        proposed: money(claimOf('proposed')?.amount ?? null),
        approved: money(claimOf('approved')?.amount ?? null),
        paid: money(claimOf('paid')?.amount ?? null),
        rejected: money(claimOf('rejected')?.amount ?? null),
        claims: Object.fromEntries((claims as Array<{ status: string; count: number }>).map((row) => [row.status, row.count])),
      },
      penalties: {
        amount: fromScaled(typedPenalties.reduce((sum, row) => sum + toScaled(row.amount ?? '0'), 0n)),
        byType: Object.fromEntries(typedPenalties.map((row) => [row.type, row.count])),
        amountByType: Object.fromEntries(typedPenalties.filter((row) => row.amount !== null).map((row) => [row.type, money(row.amount)])),
      },
    };
  }

  /** Origin province (the offender's home) × destination province: units and value dumped, for a flow map. */
  async flows(query: DashboardQueryDto): Promise<FlowsDto> {
    const scope = await this.scopeOf(query);
    const rows = (await this.dataSource.query(scope.sql.flows, [scope.from, scope.to, scope.region, scope.productLine, this.app.businessTimeZone])) as Array<{
      origin: string;
      destination: string;
      units: string;
      value: string;
      violations: string;
    }>;
    return {
      from: scope.from,
      to: scope.to,
      items: rows.map((row) => ({
        originRegionCode: row.origin,
        destinationRegionCode: row.destination,
        units: Number(row.units),
        value: money(row.value),
        violations: Number(row.violations),
      })),
    };
  }

  /** By province and product line, over the whole months of the period: median prices against the floors, and what sold below them. */
  async priceErosion(query: DashboardQueryDto): Promise<PriceErosionDto> {
    const scope = await this.scopeOf(query);
    const fromMonth = `${scope.from.slice(0, 7)}-01`;
    const toMonth = `${scope.to.slice(0, 7)}-01`;
    const period = [fromMonth, toMonth, scope.region, scope.productLine];
    // Three independent statements, side by side: the medians sold, what was sighted and went below the floors, the floors.
    const [sold, observed, floors] = await Promise.all([
      this.dataSource.query(PRICE_EROSION_SQL.sales, period) as Promise<SoldRow[]>,
      this.dataSource.query(PRICE_EROSION_SQL.observed, period) as Promise<ObservedRow[]>,
      this.dataSource.query(PRICE_EROSION_SQL.floors, [scope.region, scope.productLine, scope.to]) as Promise<FloorRow[]>,
    ]);
    return { fromMonth: fromMonth.slice(0, 7), toMonth: toMonth.slice(0, 7), items: mergePriceErosion(sold, observed, floors) };
  }

  /** Week by week: violations by type, incidents opened and resolved. */
  async weekly(query: DashboardQueryDto): Promise<WeeklyDto> {
    // By default the twelve weeks to this one, from a Monday.
    const scope = await this.scopeOf(query, (to) => {
      return addDays(to, -(((new Date(`${to}T00:00:00Z`).getUTCDay() + 6) % 7) + 11 * 7));
    });
    if (addDays(scope.from, MAX_WEEKLY_DAYS) < scope.to) {
      throw new CommonError('VALIDATION_FAILED', `A weekly series spans at most ${MAX_WEEKLY_DAYS / 7} weeks`, [
        { field: 'from', problems: [`at most ${MAX_WEEKLY_DAYS / 7} weeks before to`] },
      ]);
    }
    const rows = (await this.dataSource.query(scope.sql.weekly, [scope.from, scope.to, scope.region, scope.productLine, this.app.businessTimeZone])) as Array<{
      week_start: string;
      by_type: Record<string, number>;
      opened: number;
      resolved: number;
    }>;
    return {
      from: scope.from,
      to: scope.to,
      items: rows.map((row) => ({
        weekStart: row.week_start,
        violations: Object.values(row.by_type).reduce((sum, count) => sum + count, 0),
        violationsByType: row.by_type,
        incidentsOpened: row.opened,
        incidentsResolved: row.resolved,
      })),
    };
  }

  /** The period (by default the 30 days to today), and a region that exists. */
  private async scopeOf(query: DashboardQueryDto, defaultFrom = (to: string) => addDays(to, -29)): Promise<Scope> {
    const to = query.to ?? today(this.app.businessTimeZone);
    const from = query.from ?? defaultFrom(to);
    const region = query.regionCode ?? query.region ?? null;
    let source: DailySource = 'by_province';
    if (region !== null) {
      // Below a province (a city, a district: its province is a strict ancestor), the figures are the region's violations' own.
      const [known] = (await this.dataSource.query(
        `SELECT EXISTS (SELECT 1 FROM region_closure c WHERE c.descendant_code = r.code AND c.ancestor_code = r.province_code AND c.distance > 0) AS below
         FROM region r WHERE r.code = $1`,
        [region],
      )) as Array<{ below: boolean }>;
      if (!known) throw new RegionsError('REGION_UNKNOWN', `region: no region ${region}`, [{ field: 'region', problems: [`no region ${region}`] }]);
      if (known.below) source = 'by_region';
    }
    return { from, to, region, productLine: query.productLine ?? null, sql: DASHBOARD_SQL[source] };
  }
}
