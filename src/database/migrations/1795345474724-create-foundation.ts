import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateFoundation1795345474724 implements MigrationInterface {
  name = 'CreateFoundation1795345474724';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Time-ordered UUIDs (RFC 9562 v7): ids sort by creation, so they double as keyset cursors.
    // PostgreSQL 18 makes them natively (several times faster); older servers compute them in SQL.
    const [{ native }] = await queryRunner.query(`SELECT EXISTS (SELECT 1 FROM pg_proc WHERE proname = 'uuidv7') AS native`);
    await queryRunner.query(
      native
        ? `CREATE FUNCTION uuid_v7() RETURNS uuid LANGUAGE sql VOLATILE AS $$ SELECT uuidv7() $$`
        : `CREATE FUNCTION uuid_v7() RETURNS uuid LANGUAGE sql VOLATILE AS $$
             SELECT encode(
               set_bit(set_bit(
                 overlay(uuid_send(gen_random_uuid())
                   PLACING substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
                   FROM 1 FOR 6),
                 52, 1), 53, 1),
               'hex')::uuid
           $$`,
    );

    await queryRunner.query(`
      CREATE TABLE "app_user" (
        "id" uuid NOT NULL DEFAULT uuid_v7(),
        "email" text NOT NULL,
        "password_hash" text NOT NULL,
        "role" text NOT NULL,
        "distributor_code" text,
        "active" boolean NOT NULL DEFAULT true,
        "credentials_changed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "ck_app_user_email_lower" CHECK ("email" = lower("email")),
        CONSTRAINT "ck_app_user_distributor" CHECK (("role" = 'distributor') = ("distributor_code" IS NOT NULL)),
        CONSTRAINT "ck_app_user_role" CHECK ("role" IN ('admin', 'channel_manager', 'field_rep', 'distributor')),
        CONSTRAINT "pk_app_user" PRIMARY KEY ("id")
      )
    `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_app_user_email" ON "app_user" ("email")`);

    await queryRunner.query(`
      CREATE TABLE "api_key" (
        "id" uuid NOT NULL DEFAULT uuid_v7(),
        "name" text NOT NULL,
        "key_prefix" text NOT NULL,
        "key_hash" text NOT NULL,
        "role" text NOT NULL,
        "distributor_code" text,
        "created_by" uuid,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "last_used_at" TIMESTAMP WITH TIME ZONE,
        "revoked_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "ck_api_key_distributor" CHECK (("role" = 'distributor') = ("distributor_code" IS NOT NULL)),
        CONSTRAINT "ck_api_key_role" CHECK ("role" IN ('admin', 'channel_manager', 'field_rep', 'distributor')),
        CONSTRAINT "pk_api_key" PRIMARY KEY ("id"),
        CONSTRAINT "fk_api_key_created_by" FOREIGN KEY ("created_by") REFERENCES "app_user" ("id") ON DELETE SET NULL ON UPDATE NO ACTION
      )
    `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_api_key_hash" ON "api_key" ("key_hash")`);

    await queryRunner.query(`
      CREATE TABLE "audit_event" (
        "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
        "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
        "actor_kind" text NOT NULL,
        "actor_id" text,
        "actor_label" text NOT NULL,
        "action" text NOT NULL,
        "entity_type" text NOT NULL,
        "entity_id" text NOT NULL,
        "before" jsonb,
        "after" jsonb,
        "request_id" text,
        CONSTRAINT "pk_audit_event" PRIMARY KEY ("id")
      )
    `);
    await queryRunner.query(`CREATE INDEX "idx_audit_event_actor" ON "audit_event" ("actor_id", "id")`);
    await queryRunner.query(`CREATE INDEX "idx_audit_event_entity" ON "audit_event" ("entity_type", "entity_id", "id")`);
    // The audit trail is append-only, whoever connects: refuse UPDATE, DELETE and TRUNCATE.
    await queryRunner.query(`
      CREATE FUNCTION audit_event_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_event is append-only: % is not allowed', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END
      $$
    `);
    await queryRunner.query(`
      CREATE TRIGGER "trg_audit_event_append_only"
      BEFORE UPDATE OR DELETE OR TRUNCATE ON "audit_event"
      FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change()
    `);

    // Login attempt counters, shared by every service instance.
    await queryRunner.query(`
      CREATE TABLE "rate_limit_bucket" (
        "key" text NOT NULL,
        "hits" integer NOT NULL,
        "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "blocked_until" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "pk_rate_limit_bucket" PRIMARY KEY ("key")
      )
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "rate_limit_bucket"`);
    await queryRunner.query(`DROP TABLE "audit_event"`);
    await queryRunner.query(`DROP FUNCTION audit_event_refuse_change()`);
    await queryRunner.query(`DROP TABLE "api_key"`);
    await queryRunner.query(`DROP TABLE "app_user"`);
    await queryRunner.query(`DROP FUNCTION uuid_v7()`);
  }
}
