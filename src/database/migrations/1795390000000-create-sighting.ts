import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Field sightings: what a rep saw in a market, with the traces and
 * violations detection gave it. A rep's Idempotency-Key is kept with the
 * hash of what it was sent with, so a re-sent request gets the first answer.
 */
export class CreateSighting1795390000000 implements MigrationInterface {
  name = 'CreateSighting1795390000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "sighting" (
        "id" uuid NOT NULL DEFAULT uuid_v7(),
        "observed_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "observed_on" date NOT NULL,
        "region_code" text NOT NULL,
        "province_code" text NOT NULL,
        "lat" numeric(9, 6),
        "lon" numeric(9, 6),
        "store_name" text,
        "sku" text NOT NULL,
        "product_line" text NOT NULL,
        "observed_price" numeric(18, 4) NOT NULL,
        "price_level" text NOT NULL DEFAULT 'retail',
        "codes" text array NOT NULL DEFAULT '{}',
        "lot" text,
        "note" text,
        "reported_by" uuid,
        "reported_by_label" text NOT NULL,
        "idempotency_key" text,
        "request_hash" text NOT NULL,
        "result" jsonb NOT NULL DEFAULT '{}',
        "opened_incident_ids" uuid array NOT NULL DEFAULT '{}',
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_sighting" PRIMARY KEY ("id"),
        CONSTRAINT "ck_sighting_price" CHECK ("observed_price" > 0),
        CONSTRAINT "ck_sighting_price_level" CHECK ("price_level" IN ('retail', 'wholesale')),
        CONSTRAINT "ck_sighting_lat" CHECK ("lat" BETWEEN -90 AND 90),
        CONSTRAINT "ck_sighting_lon" CHECK ("lon" BETWEEN -180 AND 180)
      )
    `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_sighting_idempotency" ON "sighting" ("reported_by", "idempotency_key") WHERE "idempotency_key" IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX "idx_sighting_reporter" ON "sighting" ("reported_by", "id")`);
    // The violations of one sighting (or shipment, complaint): bulk sales rows stay out of it.
    await queryRunner.query(`CREATE INDEX "idx_violation_source" ON "violation" ("source_id") WHERE "source_kind" <> 'sales_line'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "idx_violation_source"`);
    await queryRunner.query(`DROP TABLE "sighting"`);
  }
}
