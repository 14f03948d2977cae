import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Less to write per sales line and per violation.
 * - sales_line loses file_line: a stored line is known by its report and line
 *   number; the physical line of the file is only needed to name the problems
 *   of a refused report, and those are found by reading the spooled upload
 *   again.
 * - The territory grants a sales violation was judged against are the same
 *   for every line of a report with the same product line, channel and day:
 *   they are kept once per such key (sales_grant_evidence, a few hundred rows
 *   a report) instead of in each violation's evidence.
 * - uuid_v7_next(base, n): the n-th id of a batch that took base from
 *   uuid_v7(); the batch's counter replaces four of base's random bytes. A
 *   bulk insert makes one random id instead of one per row; its ids ascend
 *   with n and keep base's timestamp.
 */
export class SlimIntakeRows1795370000000 implements MigrationInterface {
  name = 'SlimIntakeRows1795370000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sales_line" DROP COLUMN "file_line"`);
    await queryRunner.query(`
      CREATE FUNCTION uuid_v7_next(base uuid, n bigint) RETURNS uuid LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT encode(overlay(uuid_send(base) PLACING int4send(n::int) FROM 11 FOR 4), 'hex')::uuid
      $$`);
    await queryRunner.query(`
      CREATE TABLE "sales_grant_evidence" (
        "report_id" uuid NOT NULL,
        "product_line" text NOT NULL,
        "channel" text NOT NULL,
        "sale_date" date NOT NULL,
        "grants" jsonb NOT NULL,
        CONSTRAINT "pk_sales_grant_evidence" PRIMARY KEY ("report_id", "product_line", "channel", "sale_date"),
        CONSTRAINT "ck_sales_grant_evidence_grants" CHECK (jsonb_typeof("grants") = 'array'),
        CONSTRAINT "fk_sales_grant_evidence_report" FOREIGN KEY ("report_id") REFERENCES "sales_report" ("id") ON DELETE CASCADE
      )
    `);
    await queryRunner.query(`COMMENT ON COLUMN "sales_grant_evidence"."channel" IS 'the sales'' channel, '''' for lines without one'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Each sales violation takes its grants considered back into its own evidence, as before.
    await queryRunner.query(`
      UPDATE "violation" v
      SET "evidence" = jsonb_build_object('grantsConsidered', coalesce(e."grants", '[]')) || v."evidence"
      FROM "violation" w
      LEFT JOIN "sales_grant_evidence" e
        ON e."report_id" = w."report_id" AND e."product_line" = w."product_line" AND e."channel" = coalesce(w."channel", '')
       AND e."sale_date" = w."occurred_on"
      WHERE w."id" = v."id" AND v."source_kind" = 'sales_line' AND NOT v."evidence" ? 'grantsConsidered'`);
    await queryRunner.query(`DROP TABLE "sales_grant_evidence"`);
    await queryRunner.query(`DROP FUNCTION uuid_v7_next(uuid, bigint)`);
    await queryRunner.query(`ALTER TABLE "sales_line" ADD COLUMN "file_line" integer NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE "sales_line" ALTER COLUMN "file_line" DROP DEFAULT`);
  }
}
