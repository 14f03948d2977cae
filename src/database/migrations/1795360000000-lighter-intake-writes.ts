import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Less work per row where intake writes in bulk.
 * - The rules a single sales line must pass (positive line number, a date in
 *   range, a non-zero quantity, a price of at most four decimals, a trimmed
 *   channel) move from CHECK constraints, which COPY evaluated one row at a
 *   time in the importing process, into the scan over the batch that follows
 *   it (SALES_LINE_RULES), which runs in parallel workers. Types, NOT NULL and
 *   lengths stay with the table. The sales intake is the only writer of
 *   sales_line, and it refuses a whole batch when one line fails a rule.
 * - Violations lose their BRIN on occurred_on: rows arrive in detection order,
 *   not by the day of the sale, so its ranges overlapped and it helped no query.
 */
export class LighterIntakeWrites1795360000000 implements MigrationInterface {
  name = 'LighterIntakeWrites1795360000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const constraint of ['line_no', 'sale_date', 'quantity', 'unit_price', 'channel']) {
      await queryRunner.query(`ALTER TABLE "sales_line" DROP CONSTRAINT "ck_sales_line_${constraint}"`);
    }
    await queryRunner.query(`DROP INDEX "brin_violation_occurred"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "brin_violation_occurred" ON "violation" USING brin ("occurred_on")`);
    await queryRunner.query(`
      ALTER TABLE "sales_line"
        ADD CONSTRAINT "ck_sales_line_line_no" CHECK ("line_no" > 0),
        ADD CONSTRAINT "ck_sales_line_sale_date" CHECK ("sale_date" BETWEEN '2000-01-01' AND '2099-12-31'),
        ADD CONSTRAINT "ck_sales_line_quantity" CHECK ("quantity" <> 0),
        ADD CONSTRAINT "ck_sales_line_unit_price" CHECK ("unit_price" >= 0 AND "unit_price" < 100000000000000 AND scale("unit_price") <= 4),
        ADD CONSTRAINT "ck_sales_line_channel" CHECK ("channel" <> '' AND "channel" = btrim("channel"))
    `);
  }
}
