import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The packaging hierarchy: each code (an item, a case) is packed into at most
 * one parent (a case, a pallet). A code that no shipment bound traces through
 * its parents to the one that did.
 */
export class CreateCodeAggregation1795380000000 implements MigrationInterface {
  name = 'CreateCodeAggregation1795380000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "code_aggregation" (
        "child_code" text NOT NULL,
        "parent_code" text NOT NULL,
        "created_by" text,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_code_aggregation" PRIMARY KEY ("child_code"),
        CONSTRAINT "ck_code_aggregation_not_self" CHECK ("child_code" <> "parent_code")
      )
    `);
    await queryRunner.query(`CREATE INDEX "idx_code_aggregation_parent" ON "code_aggregation" ("parent_code")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "code_aggregation"`);
  }
}
