import { MigrationInterface, QueryRunner } from 'typeorm';

/** A distributor's report that someone is dumping into its territory: it opens or joins an incident, as a victim of it. */
export class CreateComplaint1795400000000 implements MigrationInterface {
  name = 'CreateComplaint1795400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "complaint" (
        "id" uuid NOT NULL DEFAULT uuid_v7(),
        "complainant_code" text NOT NULL,
        "region_code" text NOT NULL,
        "province_code" text NOT NULL,
        "product_line" text NOT NULL,
        "sku" text,
        "against_distributor_code" text,
        "description" text NOT NULL,
        "incident_id" uuid NOT NULL,
        "opened_incident" boolean NOT NULL,
        "created_by" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_complaint" PRIMARY KEY ("id"),
        CONSTRAINT "ck_complaint_not_self" CHECK ("against_distributor_code" IS DISTINCT FROM "complainant_code"),
        CONSTRAINT "fk_complaint_complainant" FOREIGN KEY ("complainant_code") REFERENCES "distributor" ("code") ON DELETE RESTRICT,
        CONSTRAINT "fk_complaint_against" FOREIGN KEY ("against_distributor_code") REFERENCES "distributor" ("code") ON DELETE RESTRICT,
        CONSTRAINT "fk_complaint_region" FOREIGN KEY ("region_code") REFERENCES "region" ("code") ON DELETE RESTRICT,
        CONSTRAINT "fk_complaint_incident" FOREIGN KEY ("incident_id") REFERENCES "incident" ("id") ON DELETE RESTRICT
      )
    `);
    await queryRunner.query(`CREATE INDEX "idx_complaint_complainant" ON "complaint" ("complainant_code", "id")`);
    await queryRunner.query(`CREATE INDEX "idx_complaint_incident" ON "complaint" ("incident_id")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "complaint"`);
  }
}
