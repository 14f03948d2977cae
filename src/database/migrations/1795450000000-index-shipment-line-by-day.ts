import { MigrationInterface, QueryRunner } from 'typeorm';

/** The rebate-chasing signal reads a distributor's sell-in by day around a rebate period's end. */
export class IndexShipmentLineByDay1795450000000 implements MigrationInterface {
  name = 'IndexShipmentLineByDay1795450000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "idx_shipment_line_distributor_day" ON "shipment_line" ("distributor_code", "shipped_on") INCLUDE ("quantity")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "idx_shipment_line_distributor_day"`);
  }
}
