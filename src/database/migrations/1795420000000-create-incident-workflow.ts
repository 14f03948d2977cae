import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The incident workflow (DESIGN §6): the assessment and dismissal on the
 * incident, enforcement actions (penalties and supply cutoffs), compensation
 * claims of the victims, and the offender's appeals against violations.
 */
export class CreateIncidentWorkflow1795420000000 implements MigrationInterface {
  name = 'CreateIncidentWorkflow1795420000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "incident"
        ADD "confirmed_units" bigint,
        ADD "confirmed_value" numeric(36,4),
        ADD "findings" text,
        ADD "confirmed_by" text,
        ADD "confirmed_at" TIMESTAMP WITH TIME ZONE,
        ADD "dismissal_reason" text,
        ADD "status_changed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        ADD CONSTRAINT "ck_incident_assessment" CHECK (
          "status" NOT IN ('confirmed', 'resolved', 'closed')
          OR ("confirmed_units" IS NOT NULL AND "confirmed_value" IS NOT NULL AND "findings" IS NOT NULL AND "confirmed_by" IS NOT NULL)),
        ADD CONSTRAINT "ck_incident_assessment_amounts" CHECK (coalesce("confirmed_units", 0) >= 0 AND coalesce("confirmed_value", 0) >= 0),
        ADD CONSTRAINT "ck_incident_dismissal" CHECK ("status" <> 'dismissed' OR "dismissal_reason" IS NOT NULL),
        ADD CONSTRAINT "ck_incident_assignee" CHECK ("status" NOT IN ('investigating', 'confirmed', 'resolved', 'closed') OR "assignee_id" IS NOT NULL)
    `);
    // Incidents opened before there were SLA settings: due within the default two days of opening.
    await queryRunner.query(
      `UPDATE "incident" SET "due_at" = "opened_at" + interval '48 hours', "status_changed_at" = "opened_at" WHERE "status" = 'open' AND "due_at" IS NULL`,
    );
    // The recurrence lookup when a key has no open incident.
    await queryRunner.query(`
      CREATE INDEX "idx_incident_recurrence" ON "incident" ((coalesce("offender_code", '')), "product_line", "destination_region_code", "opened_at")
      WHERE "status" IN ('resolved', 'closed')`);
    await queryRunner.query(`CREATE INDEX "idx_incident_due" ON "incident" ("due_at") WHERE "due_at" IS NOT NULL`);

    await queryRunner.query(`
      CREATE TABLE "incident_action" (
        "id" uuid NOT NULL DEFAULT uuid_v7(),
        "incident_id" uuid NOT NULL,
        "type" text NOT NULL,
        "distributor_code" text NOT NULL,
        "amount" numeric(18,4),
        "rebate_period" text,
        "product_lines" text[] NOT NULL DEFAULT '{}',
        "skus" text[] NOT NULL DEFAULT '{}',
        "starts_at" TIMESTAMP WITH TIME ZONE,
        "ends_at" TIMESTAMP WITH TIME ZONE,
        "lifted_at" TIMESTAMP WITH TIME ZONE,
        "lifted_by" text,
        "lift_reason" text,
        "note" text,
        "created_by" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_incident_action" PRIMARY KEY ("id"),
        CONSTRAINT "ck_incident_action_type" CHECK ("type" IN ('warning', 'rebate_deduction', 'fine', 'supply_cutoff')),
        CONSTRAINT "ck_incident_action_amount" CHECK (("type" IN ('rebate_deduction', 'fine')) = ("amount" IS NOT NULL) AND coalesce("amount", 1) > 0),
        CONSTRAINT "ck_incident_action_rebate_period" CHECK (("type" = 'rebate_deduction') = ("rebate_period" IS NOT NULL)),
        CONSTRAINT "ck_incident_action_cutoff" CHECK (
          ("type" = 'supply_cutoff') = ("starts_at" IS NOT NULL AND "ends_at" IS NOT NULL) AND ("ends_at" IS NULL OR "ends_at" > "starts_at")),
        CONSTRAINT "ck_incident_action_lift" CHECK ("lifted_at" IS NULL OR "type" = 'supply_cutoff'),
        CONSTRAINT "fk_incident_action_incident" FOREIGN KEY ("incident_id") REFERENCES "incident" ("id") ON DELETE RESTRICT,
        CONSTRAINT "fk_incident_action_distributor" FOREIGN KEY ("distributor_code") REFERENCES "distributor" ("code") ON DELETE RESTRICT
      )
    `);
    await queryRunner.query(`CREATE INDEX "idx_incident_action_incident" ON "incident_action" ("incident_id", "id")`);
    await queryRunner.query(`CREATE INDEX "idx_incident_action_distributor" ON "incident_action" ("distributor_code", "id")`);
    // Supply checks and shipments look up a distributor's cutoffs by their end.
    await queryRunner.query(`CREATE INDEX "idx_incident_action_cutoff" ON "incident_action" ("distributor_code", "ends_at") WHERE "type" = 'supply_cutoff'`);

    await queryRunner.query(`
      CREATE TABLE "compensation_claim" (
        "id" uuid NOT NULL DEFAULT uuid_v7(),
        "incident_id" uuid NOT NULL,
        "claimant_code" text NOT NULL,
        "status" text NOT NULL DEFAULT 'proposed',
        "amount" numeric(36,4) NOT NULL,
        "proposed_amount" numeric(36,4) NOT NULL,
        "basis" jsonb NOT NULL,
        "adjustment_reason" text,
        "adjusted_by" text,
        "proposed_by" text NOT NULL,
        "proposed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "decided_by" text,
        "decided_at" TIMESTAMP WITH TIME ZONE,
        "decision_note" text,
        "payment_ref" text,
        "paid_by" text,
        "paid_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "pk_compensation_claim" PRIMARY KEY ("id"),
        CONSTRAINT "ck_compensation_claim_status" CHECK ("status" IN ('proposed', 'approved', 'rejected', 'paid')),
        CONSTRAINT "ck_compensation_claim_amount" CHECK ("amount" >= 0 AND "proposed_amount" >= 0),
        CONSTRAINT "ck_compensation_claim_decided" CHECK ("status" = 'proposed' OR "decided_by" IS NOT NULL),
        CONSTRAINT "ck_compensation_claim_paid" CHECK (("status" = 'paid') = ("payment_ref" IS NOT NULL)),
        CONSTRAINT "fk_compensation_claim_incident" FOREIGN KEY ("incident_id") REFERENCES "incident" ("id") ON DELETE RESTRICT,
        CONSTRAINT "fk_compensation_claim_claimant" FOREIGN KEY ("claimant_code") REFERENCES "distributor" ("code") ON DELETE RESTRICT
      )
    `);
    // One claim per victim and incident: a new proposal revises the undecided one.
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_compensation_claim_claimant" ON "compensation_claim" ("incident_id", "claimant_code")`);
    await queryRunner.query(`CREATE INDEX "idx_compensation_claim_claimant" ON "compensation_claim" ("claimant_code", "id")`);

    await queryRunner.query(`
      CREATE TABLE "violation_appeal" (
        "id" uuid NOT NULL DEFAULT uuid_v7(),
        "violation_id" uuid NOT NULL,
        "incident_id" uuid,
        "distributor_code" text NOT NULL,
        "reason" text NOT NULL,
        "evidence" text,
        "status" text NOT NULL DEFAULT 'pending',
        "created_by" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "decided_by" text,
        "decided_at" TIMESTAMP WITH TIME ZONE,
        "decision_reason" text,
        CONSTRAINT "pk_violation_appeal" PRIMARY KEY ("id"),
        CONSTRAINT "ck_violation_appeal_status" CHECK ("status" IN ('pending', 'accepted', 'rejected')),
        CONSTRAINT "ck_violation_appeal_decided" CHECK (("status" = 'pending') = ("decided_by" IS NULL)),
        CONSTRAINT "fk_violation_appeal_violation" FOREIGN KEY ("violation_id") REFERENCES "violation" ("id") ON DELETE RESTRICT,
        CONSTRAINT "fk_violation_appeal_incident" FOREIGN KEY ("incident_id") REFERENCES "incident" ("id") ON DELETE RESTRICT,
        CONSTRAINT "fk_violation_appeal_distributor" FOREIGN KEY ("distributor_code") REFERENCES "distributor" ("code") ON DELETE RESTRICT
      )
    `);
    // One undecided appeal per violation at a time.
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_violation_appeal_pending" ON "violation_appeal" ("violation_id") WHERE "status" = 'pending'`);
    await queryRunner.query(`CREATE INDEX "idx_violation_appeal_distributor" ON "violation_appeal" ("distributor_code", "id")`);
    await queryRunner.query(`CREATE INDEX "idx_violation_appeal_incident" ON "violation_appeal" ("incident_id", "id")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "violation_appeal"`);
    await queryRunner.query(`DROP TABLE "compensation_claim"`);
    await queryRunner.query(`DROP TABLE "incident_action"`);
    await queryRunner.query(`DROP INDEX "idx_incident_due"`);
    await queryRunner.query(`DROP INDEX "idx_incident_recurrence"`);
    await queryRunner.query(`
      ALTER TABLE "incident"
        DROP CONSTRAINT "ck_incident_assignee", DROP CONSTRAINT "ck_incident_dismissal",
        DROP CONSTRAINT "ck_incident_assessment_amounts", DROP CONSTRAINT "ck_incident_assessment",
        DROP COLUMN "status_changed_at", DROP COLUMN "dismissal_reason", DROP COLUMN "confirmed_at", DROP COLUMN "confirmed_by",
        DROP COLUMN "findings", DROP COLUMN "confirmed_value", DROP COLUMN "confirmed_units"
    `);
  }
}
