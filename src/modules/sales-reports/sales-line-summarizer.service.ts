import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/**
 * Summarizes the block ranges of sales_line its BRIN index does not cover yet. It needs the lock a vacuum holds:
 * it gives way at once (before PostgreSQL would cancel an autovacuum for it) and never runs long.
 */
const SUMMARIZE_SALES_LINES = [
  `SET LOCAL lock_timeout = '50ms'`,
  `SET LOCAL statement_timeout = '60s'`,
  `SELECT brin_summarize_new_values('brin_sales_line_report') AS ranges`,
];

/** lock_not_available, query_canceled: a vacuum had the table, or the work took too long; autovacuum summarizes later. */
const GAVE_WAY = ['55P03', '57014'];

/** How long stopping the service waits for a summarization under way. */
const STOP_WAIT_MS = 5_000;

/**
 * Brings the BRIN index of sales_line up to date once an intake has
 * committed, off the request's path. A scan of one report reads the ranges
 * whose report keys span it and every range not summarized yet; left to
 * autovacuum (up to a minute later), the ranges of the reports just before
 * would be read again by the next import. One summarization runs at a time;
 * requests made meanwhile are served by one more run.
 */
@Injectable()
export class SalesLineSummarizer implements OnModuleDestroy {
  private readonly logger = new Logger('SalesLineSummarizer');
  private running: Promise<void> | null = null;
  private requested = false;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Asks for a summarization; answers at once. */
  request(): void {
    if (this.running) {
      this.requested = true;
      return;
    }
    this.running = this.summarize().finally(() => {
      this.running = null;
      if (this.requested) {
        this.requested = false;
        this.request();
      }
    });
  }

  /** Resolves once no summarization is running or asked for. */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  async onModuleDestroy(): Promise<void> {
    this.requested = false;
    await Promise.race([this.settled(), new Promise((resolve) => setTimeout(resolve, STOP_WAIT_MS).unref())]);
  }

  private async summarize(): Promise<void> {
    try {
      const ranges = await this.dataSource.transaction(async (manager) => {
        for (const statement of SUMMARIZE_SALES_LINES.slice(0, -1)) await manager.query(statement);
        return (await manager.query(SUMMARIZE_SALES_LINES[SUMMARIZE_SALES_LINES.length - 1]))[0].ranges;
      });
      this.logger.debug(`summarized ${ranges} block range(s) of sales_line`);
    } catch (error) {
      const code = String((error as { code?: unknown }).code ?? '');
      if (GAVE_WAY.includes(code)) this.logger.debug(`left sales_line to autovacuum: ${(error as Error).message}`);
      else this.logger.warn(`could not summarize sales_line (autovacuum will): ${(error as Error).message}`);
    }
  }
}
