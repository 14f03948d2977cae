import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The dashboard's pre-aggregate: active violations per day, type, offender,
 * destination province and product line, with the units and value dumped (counted on the
 * territory violations, so a line out of territory and below the floor counts
 * once) and the price erosion and units below the floor (on the floor
 * violations). Kept current in the transaction that changes violations:
 * the statements that insert them add to it in the same statement
 * (ADD_TO_VIOLATION_DAILY); statement-level triggers fold in updates
 * (voiding, an appeal, a correction) and deletes, set-based, one upsert per
 * statement whatever the number of rows. Also: when an incident was resolved.
 */
export class CreateViolationDaily1795430000000 implements MigrationInterface {
  name = 'CreateViolationDaily1795430000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "incident" ADD "resolved_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`UPDATE "incident" SET "resolved_at" = "status_changed_at" WHERE "status" IN ('resolved', 'closed')`);
    await queryRunner.query(`CREATE INDEX "idx_incident_opened_at" ON "incident" ("opened_at")`);
    await queryRunner.query(`CREATE INDEX "idx_incident_resolved_at" ON "incident" ("resolved_at") WHERE "resolved_at" IS NOT NULL`);
    await queryRunner.query(`
      CREATE TABLE "violation_daily" (
        "day" date NOT NULL,
        "type" text NOT NULL,
        "offender_code" text NOT NULL DEFAULT '',
        "province_code" text NOT NULL DEFAULT '',
        "product_line" text NOT NULL DEFAULT '',
        "violations" bigint NOT NULL DEFAULT 0,
        "units" bigint NOT NULL DEFAULT 0,
        "value_at_floor" numeric(36,4) NOT NULL DEFAULT 0,
        "price_erosion" numeric(36,4) NOT NULL DEFAULT 0,
        "floor_units" bigint NOT NULL DEFAULT 0,
        CONSTRAINT "pk_violation_daily" PRIMARY KEY ("day", "type", "offender_code", "province_code", "product_line")
      )
    `);
    await queryRunner.query(`CREATE INDEX "idx_violation_daily_offender" ON "violation_daily" ("offender_code", "day")`);
    // Transition tables are only visible to the trigger function itself: each event gets a function reading its own.
    for (const [event, tables, sources] of [
      [
        'update',
        'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows',
        [
          ['1', 'new_rows'],
          ['-1', 'old_rows'],
        ],
      ],
      ['delete', 'REFERENCING OLD TABLE AS old_rows', [['-1', 'old_rows']]],
    ] as const) {
      const changed = sources.map(([sign, table]) => `SELECT ${sign} AS sign, r.* FROM ${table} r WHERE r.status = 'active'`).join(' UNION ALL ');
      await queryRunner.query(`
        CREATE FUNCTION violation_daily_on_${event}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          ${VIOLATION_DAILY_UPSERT(changed)};
          RETURN NULL;
        END $$`);
      await queryRunner.query(`
        CREATE TRIGGER "trg_violation_daily_${event}" AFTER ${event.toUpperCase()} ON "violation" ${tables}
        FOR EACH STATEMENT EXECUTE FUNCTION violation_daily_on_${event}()`);
    }
    // What is there already.
    await queryRunner.query(VIOLATION_DAILY_UPSERT(`SELECT 1 AS sign, r.* FROM violation r WHERE r.status = 'active'`));
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const event of ['update', 'delete']) {
      await queryRunner.query(`DROP TRIGGER "trg_violation_daily_${event}" ON "violation"`);
      await queryRunner.query(`DROP FUNCTION violation_daily_on_${event}()`);
    }
    await queryRunner.query(`DROP TABLE "violation_daily"`);
    await queryRunner.query(`DROP INDEX "idx_incident_resolved_at"`);
    await queryRunner.query(`DROP INDEX "idx_incident_opened_at"`);
    await queryRunner.query(`ALTER TABLE "incident" DROP COLUMN "resolved_at"`);
  }
}

/**
 * Folds signed violation rows (`changed`: sign, then violation's columns) into
 * violation_daily. Units and value are counted on the territory violations
 * (OUT_OF_TERRITORY, DIVERTED_GOODS), erosion on the floor violations, so a
 * line breaking both rules counts once in each.
 */
const VIOLATION_DAILY_UPSERT = (changed: string) => `
  INSERT INTO violation_daily AS d (day, type, offender_code, province_code, product_line, violations, units, value_at_floor, price_erosion, floor_units)
  SELECT c.occurred_on, c.type, coalesce(c.offender_code, ''), coalesce(c.province_code, ''), coalesce(c.product_line, ''),
         sum(c.sign),
         sum(CASE WHEN c.type IN ('OUT_OF_TERRITORY', 'DIVERTED_GOODS') THEN c.sign * coalesce(c.quantity, 0) ELSE 0 END),
         sum(CASE WHEN c.type IN ('OUT_OF_TERRITORY', 'DIVERTED_GOODS') THEN c.sign * coalesce(c.quantity, 0) * coalesce(c.floor_price, c.unit_price, 0) ELSE 0 END),
         sum(CASE WHEN c.type IN ('BELOW_FLOOR', 'BELOW_RETAIL_FLOOR') AND c.floor_price > c.unit_price
                  THEN c.sign * coalesce(c.quantity, 0) * (c.floor_price - c.unit_price) ELSE 0 END),
         sum(CASE WHEN c.type IN ('BELOW_FLOOR', 'BELOW_RETAIL_FLOOR') THEN c.sign * coalesce(c.quantity, 0) ELSE 0 END)
  FROM (${changed}) c
  GROUP BY c.occurred_on, c.type, coalesce(c.offender_code, ''), coalesce(c.province_code, ''), coalesce(c.product_line, '')
  -- In key order, as every writer of violation_daily: two statements touching the same rows do not deadlock.
  ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (day, type, offender_code, province_code, product_line) DO UPDATE
  SET violations = d.violations + EXCLUDED.violations, units = d.units + EXCLUDED.units,
      value_at_floor = d.value_at_floor + EXCLUDED.value_at_floor, price_erosion = d.price_erosion + EXCLUDED.price_erosion,
      floor_units = d.floor_units + EXCLUDED.floor_units`;
