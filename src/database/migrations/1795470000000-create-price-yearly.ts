import { MigrationInterface, QueryRunner } from 'typeorm';

/** price_yearly += the rows `changed` yields (month, province_code, product_line, bucket, units), summed per year, in key order. */
const ADD_TO_PRICE_YEARLY = (changed: string) => `
  INSERT INTO price_yearly AS y (year, province_code, product_line, bucket, units)
  SELECT date_trunc('year', c.month)::date, c.province_code, c.product_line, c.bucket, sum(c.units)
  FROM (${changed}) c
  GROUP BY 1, 2, 3, 4 HAVING sum(c.units) <> 0 ORDER BY 1, 2, 3, 4
  ON CONFLICT (year, province_code, product_line, bucket) DO UPDATE SET units = y.units + EXCLUDED.units`;

const COLUMNS = 'r.month, r.province_code, r.product_line, r.bucket';

/**
 * The dashboard on years of data:
 * - price_yearly: price_monthly rolled up by calendar year, so that a year of
 *   price erosion reads a twelfth of the rows. Statement-level triggers on
 *   price_monthly keep it, set-based, whoever writes the months (an instance
 *   of an earlier version during a rolling deploy included), one transaction
 *   at a time (ADVISORY_LOCKS.priceYearly, to its end). Its key
 *   (province, product line, bucket, year) carries the units: the median of
 *   one province and line is an index-only walk up its buckets. The months get
 *   the same key order (without the units, which every upsert changes).
 * - violations by region and day, for a city's or a district's figures (the
 *   violation_daily pre-aggregate is by province).
 */
export class CreatePriceYearly1795470000000 implements MigrationInterface {
  name = 'CreatePriceYearly1795470000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // No month may change between the roll-up below and its triggers.
    await queryRunner.query(`LOCK TABLE price_monthly IN SHARE ROW EXCLUSIVE MODE`);
    await queryRunner.query(`
      CREATE TABLE "price_yearly" (
        "year" date NOT NULL,
        "province_code" text NOT NULL,
        "product_line" text NOT NULL,
        "bucket" integer NOT NULL,
        "units" bigint NOT NULL DEFAULT 0,
        CONSTRAINT "pk_price_yearly" PRIMARY KEY ("province_code", "product_line", "bucket", "year") INCLUDE ("units")
      )
    `);
    await queryRunner.query(ADD_TO_PRICE_YEARLY(`SELECT ${COLUMNS}, r.units FROM price_monthly r`));
    // Transition tables are only visible to the trigger function itself: each event gets a function reading its own.
    const events = [
      ['insert', 'REFERENCING NEW TABLE AS new_rows', `SELECT ${COLUMNS}, r.units FROM new_rows r`],
      [
        'update',
        'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows',
        `SELECT ${COLUMNS}, r.units FROM new_rows r UNION ALL SELECT ${COLUMNS}, -r.units FROM old_rows r`,
      ],
      ['delete', 'REFERENCING OLD TABLE AS old_rows', `SELECT ${COLUMNS}, -r.units FROM old_rows r`],
    ] as const;
    for (const [event, tables, changed] of events) {
      // One writer of the years at a time (ADVISORY_LOCKS.priceYearly): an upsert of months fires the insert and the
      // update triggers one after the other, each locking years in key order, but not in one order together.
      await queryRunner.query(`
        CREATE FUNCTION price_yearly_on_${event}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          PERFORM pg_advisory_xact_lock(727100020);
          ${ADD_TO_PRICE_YEARLY(changed)};
          RETURN NULL;
        END $$`);
      await queryRunner.query(`
        CREATE TRIGGER "trg_price_yearly_${event}" AFTER ${event.toUpperCase()} ON "price_monthly" ${tables}
        FOR EACH STATEMENT EXECUTE FUNCTION price_yearly_on_${event}()`);
    }
    await queryRunner.query(`CREATE INDEX "idx_price_monthly_key" ON "price_monthly" ("province_code", "product_line", "bucket", "month")`);
    await queryRunner.query(`CREATE INDEX "idx_violation_region" ON "violation" ("region_code", "occurred_on")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "idx_violation_region"`);
    await queryRunner.query(`DROP INDEX "idx_price_monthly_key"`);
    for (const event of ['delete', 'update', 'insert']) {
      await queryRunner.query(`DROP TRIGGER "trg_price_yearly_${event}" ON "price_monthly"`);
      await queryRunner.query(`DROP FUNCTION price_yearly_on_${event}()`);
    }
    await queryRunner.query(`DROP TABLE "price_yearly"`);
  }
}
