import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** Summarizes every block range of sales_line that its BRIN index does not cover yet. */
export const SUMMARIZE_SALES_LINES_SQL = `SELECT brin_summarize_new_values('brin_sales_line_report') AS ranges`;

/**
 * Brings the BRIN index of sales_line up to date once an intake has
 * committed, off the request's path. A scan of one report reads the block
 * ranges whose report keys include it plus every range not summarized yet:
 * left to autovacuum (up to a minute later), the ranges of the reports just
 * before would be read again by the next import. One summarization runs at a
 * time; requests made meanwhile are served by one more run.
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

  /** Resolves once no summarization is running or asked for (the service stopping, tests). */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  async onModuleDestroy(): Promise<void> {
    this.requested = false;
    await this.settled();
  }

  private async summarize(): Promise<void> {
    try {
      const [{ ranges }] = await this.dataSource.query(SUMMARIZE_SALES_LINES_SQL);
      this.logger.debug(`summarized ${ranges} block range(s) of sales_line`);
    } catch (error) {
      // Autovacuum summarizes them later all the same.
      this.logger.warn(`could not summarize sales_line: ${(error as Error).message}`);
    }
  }
}
