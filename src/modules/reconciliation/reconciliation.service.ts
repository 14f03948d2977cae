import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, SYSTEM_ACTOR } from '../../common/auth/roles';
import { monthStart, today } from '../../common/dates/business-date';
import { defineErrors } from '../../common/errors/app-error';
import { decodeOffsetCursor, DEFAULT_PAGE_SIZE, encodeCursor } from '../../common/pagination/pagination';
import { appConfig, schedulerConfig } from '../../config/configuration';
import { bindNamed } from '../../database/named-parameters';
import { AuditService } from '../audit/audit.service';
import { IncidentGroupingService } from '../incidents/incident-grouping.service';
import { SettingsService } from '../settings/settings.service';
import { ReconciliationPageDto, ReconciliationQueryDto, ReconciliationRunDto } from './dto/reconciliation.dto';
import { RECONCILIATION_FINDINGS, RECONCILIATION_FINDINGS_SQL, RECONCILIATION_REPORT_SQL } from './reconciliation.sql';

export class ReconciliationError extends defineErrors({ RECONCILIATION_RUNNING: 'conflict', INVALID_PERIOD: 'malformed' }) {}

const JOB = 'reconciliation';
/** How often an instance looks whether the reconciliation is due. */
const TICK_MS = 60_000;

/**
 * The latest complete window of `months` months up to `lastComplete` (a
 * month's first day). Windows follow each other without overlapping, counted
 * from January 2000: a shortfall is raised once, in the window it falls in,
 * not again as a sliding window moves over it.
 */
export function latestWindow(lastComplete: string, months: number): { start: string; end: string } {
  const index = (Number(lastComplete.slice(0, 4)) - 2000) * 12 + Number(lastComplete.slice(5, 7)) - 1;
  const endIndex = Math.floor((index + 1) / months) * months - 1;
  const end = monthStart('2000-01-01', endIndex);
  return { start: monthStart(end, -(months - 1)), end };
}

/**
 * Reconciliation: sell-in against reported sell-out, per
 * distributor, month and product line (sell_monthly, kept by the intake), and
 * the scheduled run that raises UNREPORTED_VOLUME where sell-out stayed below
 * (1 − tolerance) × sell-in over the window. A run is claimed by locking the
 * job's row (SKIP LOCKED): with several instances, one runs it.
 */
@Injectable()
export class ReconciliationService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Reconciliation');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly settings: SettingsService,
    private readonly grouping: IncidentGroupingService,
    private readonly audit: AuditService,
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
    @Inject(schedulerConfig.KEY) private readonly scheduler: ConfigType<typeof schedulerConfig>,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.scheduler.enabled) return;
    this.timer = setInterval(() => void this.runIfDue(), TICK_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Runs now, whatever the schedule; 409 while another instance runs it. */
  async runNow(actor: Actor): Promise<ReconciliationRunDto> {
    const result = await this.run(actor, false);
    if (!result.ran) throw new ReconciliationError('RECONCILIATION_RUNNING', 'The reconciliation is running elsewhere; try again when it has finished');
    return result;
  }

  async report(query: ReconciliationQueryDto): Promise<ReconciliationPageDto> {
    const to = monthStart(query.to ?? today(this.app.businessTimeZone));
    const from = query.from ? monthStart(query.from) : monthStart(to, -11);
    if (from > to) throw new ReconciliationError('INVALID_PERIOD', `from (${query.from}) is after to (${query.to})`);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const offset = decodeOffsetCursor(query.cursor);
    const rows = (await this.dataSource.query(RECONCILIATION_REPORT_SQL, [
      from,
      to,
      query.distributorCode ?? null,
      query.productLine ?? null,
      offset,
      limit + 1,
    ])) as Array<{
      distributor_code: string;
      month: string;
      product_line: string;
      sell_in: string;
      sell_out: string;
    }>;
    return {
      items: rows.slice(0, limit).map((row) => {
        const sellIn = Number(row.sell_in);
        const sellOut = Number(row.sell_out);
        return {
          distributorCode: row.distributor_code,
          month: row.month,
          productLine: row.product_line,
          sellIn,
          sellOut,
          reportedPercent: sellIn > 0 ? Math.round((1000 * sellOut) / sellIn) / 10 : null,
          unreported: sellIn - sellOut,
        };
      }),
      nextCursor: rows.length > limit ? encodeCursor(String(offset + limit)) : null,
    };
  }

  private async runIfDue(): Promise<void> {
    if (this.running) return;
    this.running = this.run(SYSTEM_ACTOR, true)
      .catch((error: unknown) => this.logger.error(`the reconciliation failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => (this.running = null));
    await this.running;
  }

  /** One run in one transaction: claims the job's row, finds the shortfalls, raises them as violations grouped into incidents. */
  private async run(actor: Actor, onlyIfDue: boolean): Promise<ReconciliationRunDto> {
    await this.dataSource.query(`INSERT INTO scheduled_job (name) VALUES ($1) ON CONFLICT (name) DO NOTHING`, [JOB]);
    return this.dataSource.transaction(async (manager) => {
      const settings = await this.settings.reconciliation(manager);
      const [job] = (await manager.query(
        `SELECT last_started_at FROM scheduled_job WHERE name = $1
         AND (NOT $2 OR last_started_at IS NULL OR last_started_at <= now() - make_interval(mins => $3))
         FOR UPDATE SKIP LOCKED`,
        [JOB, onlyIfDue, settings.runEveryMinutes],
      )) as Array<{ last_started_at: Date | null }>;
      const startedAt = new Date().toISOString();
      if (!job) return { ran: false, window: null, violations: 0, incidentsOpened: 0, incidentsUpdated: 0, startedAt };
      const result = await this.reconcile(manager, settings, startedAt);
      await manager.query(`UPDATE scheduled_job SET last_started_at = $2, last_finished_at = now(), last_result = $3 WHERE name = $1`, [
        JOB,
        startedAt,
        result,
      ]);
      if (result.violations > 0) {
        await this.audit.record(manager, actor, { action: 'reconciliation.ran', entityType: 'scheduled_job', entityId: JOB, after: result });
      }
      return result;
    });
  }

  private async reconcile(
    manager: EntityManager,
    settings: { tolerancePercent: number; windowMonths: number; minSellInUnits: number },
    startedAt: string,
  ): Promise<ReconciliationRunDto> {
    const { start, end } = latestWindow(monthStart(today(this.app.businessTimeZone), -1), settings.windowMonths);
    const values = { window_start: start, window_end: end, tolerance: settings.tolerancePercent, min_sell_in: settings.minSellInUnits };
    const find = bindNamed(RECONCILIATION_FINDINGS_SQL, values);
    await manager.query(find.text, find.parameters);
    const recorded = await this.grouping.record(manager, {
      keys: RECONCILIATION_FINDINGS.keys,
      insert: (incidentOf) => ({ text: RECONCILIATION_FINDINGS.insert(incidentOf), parameters: [] }),
      figures: RECONCILIATION_FINDINGS.figures,
    });
    return {
      ran: true,
      window: { from: start.slice(0, 7), to: end.slice(0, 7) },
      violations: recorded.violations.UNREPORTED_VOLUME ?? 0,
      incidentsOpened: recorded.incidentsOpened,
      incidentsUpdated: recorded.incidentsUpdated,
      startedAt,
    };
  }
}
