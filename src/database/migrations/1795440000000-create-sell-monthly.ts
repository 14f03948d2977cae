import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reconciliation (issue 7): sell-in (shipments) and reported sell-out (sales
 * lines of the active reports) per distributor, month and SKU (read by
 * product line through product, so a SKU moved to another line moves its
 * history with it), kept
 * by the intake as it stores and retires lines; and the runs of scheduled
 * work, claimed through the database so that one instance runs each.
 */
export class CreateSellMonthly1795440000000 implements MigrationInterface {
  name = 'CreateSellMonthly1795440000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "sell_monthly" (
        "distributor_code" text NOT NULL,
        "month" date NOT NULL,
        "sku" text NOT NULL,
        "sell_in" bigint NOT NULL DEFAULT 0,
        "sell_out" bigint NOT NULL DEFAULT 0,
        CONSTRAINT "pk_sell_monthly" PRIMARY KEY ("distributor_code", "month", "sku"),
        CONSTRAINT "ck_sell_monthly_month" CHECK (date_trunc('month', "month") = "month")
      )
    `);
    await queryRunner.query(`CREATE INDEX "idx_sell_monthly_month" ON "sell_monthly" ("month")`);
    await queryRunner.query(`
      INSERT INTO sell_monthly (distributor_code, month, sku, sell_in, sell_out)
      SELECT distributor_code, month, sku, sum(sell_in), sum(sell_out) FROM (
        SELECT l.distributor_code, date_trunc('month', l.shipped_on)::date AS month, l.sku, l.quantity::bigint AS sell_in, 0::bigint AS sell_out
        FROM shipment_line l
        UNION ALL
        SELECT r.distributor_code, date_trunc('month', s.sale_date)::date, s.sku, 0, s.quantity
        FROM sales_line s JOIN sales_report r ON r.line_key = s.report_key AND r.status = 'active'
      ) flows
      GROUP BY distributor_code, month, sku`);
    await queryRunner.query(`
      CREATE TABLE "scheduled_job" (
        "name" text NOT NULL,
        "last_started_at" TIMESTAMP WITH TIME ZONE,
        "last_finished_at" TIMESTAMP WITH TIME ZONE,
        "last_result" jsonb,
        CONSTRAINT "pk_scheduled_job" PRIMARY KEY ("name")
      )
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "scheduled_job"`);
    await queryRunner.query(`DROP TABLE "sell_monthly"`);
  }
}
