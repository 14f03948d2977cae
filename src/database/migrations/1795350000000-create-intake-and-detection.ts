import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateIntakeAndDetection1795350000000 implements MigrationInterface {
  name = 'CreateIntakeAndDetection1795350000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Money as the API shows it: at least two decimals, more only when they carry information.
    await queryRunner.query(`
      CREATE FUNCTION money_text(value numeric) RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT CASE WHEN value IS NULL THEN NULL
                    WHEN scale(trim_scale(value)) < 2 THEN round(value, 2)::text
                    ELSE trim_scale(value)::text END
      $$
    `);
    await queryRunner.query(`
      CREATE TABLE "setting" (
        "key" text NOT NULL,
        "value" jsonb NOT NULL,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_by" text,
        CONSTRAINT "pk_setting" PRIMARY KEY ("key")
      )
    `);

    await queryRunner.query(`
      CREATE TABLE "shipment" (
        "id" uuid NOT NULL DEFAULT uuid_v7(),
        "shipment_ref" text NOT NULL,
        "distributor_code" text NOT NULL,
        "shipped_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "content_hash" text NOT NULL,
        "line_count" integer NOT NULL,
        "unit_count" bigint NOT NULL,
        "code_count" bigint NOT NULL,
        "source" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_shipment" PRIMARY KEY ("id")
      )
    `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_shipment_ref" ON "shipment" ("shipment_ref")`);
    await queryRunner.query(`CREATE INDEX "idx_shipment_distributor" ON "shipment" ("distributor_code", "shipped_at")`);

    // Bulk tables below have no row-level foreign keys: imports validate references set-wise in
    // the same transaction, and a per-row check would cost more than the rest of the import.
    await queryRunner.query(`
      CREATE TABLE "shipment_line" (
        "shipment_id" uuid NOT NULL,
        "line_no" integer NOT NULL,
        "distributor_code" text NOT NULL,
        "sku" text NOT NULL,
        "quantity" integer NOT NULL,
        "unit_price" numeric(18, 4) NOT NULL,
        "lot" text,
        "shipped_on" date NOT NULL,
        CONSTRAINT "pk_shipment_line" PRIMARY KEY ("shipment_id", "line_no")
      )
    `);
    await queryRunner.query(`CREATE INDEX "idx_shipment_line_lot" ON "shipment_line" ("lot") WHERE "lot" IS NOT NULL`);

    // A serial, or a range of serials sharing a prefix, as one row: [first, last] of the numeric
    // suffix of a given width. The exclusion constraint refuses binding a code twice and is also
    // the index that finds the range holding a code.
    await queryRunner.query(`
      CREATE TABLE "code_binding" (
        "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
        "shipment_id" uuid NOT NULL,
        "line_no" integer NOT NULL,
        "distributor_code" text NOT NULL,
        "sku" text NOT NULL,
        "prefix" text NOT NULL,
        "width" smallint NOT NULL,
        "first_number" bigint NOT NULL,
        "last_number" bigint NOT NULL,
        CONSTRAINT "pk_code_binding" PRIMARY KEY ("id"),
        CONSTRAINT "ck_code_binding_range" CHECK ("last_number" >= "first_number" AND "first_number" >= 0),
        CONSTRAINT "ex_code_binding_overlap" EXCLUDE USING gist (
          "prefix" WITH =, "width" WITH =, int8range("first_number", "last_number", '[]') WITH &&
        )
      )
    `);
    await queryRunner.query(`CREATE INDEX "idx_code_binding_shipment" ON "code_binding" ("shipment_id")`);

    // A report's lines carry its line_key (a 4-byte number) rather than its 16-byte id: cheaper to parse in COPY and to store a million times.
    await queryRunner.query(`CREATE SEQUENCE "sales_report_line_key_seq" AS integer`);
    await queryRunner.query(`
      CREATE TABLE "sales_report" (
        "id" uuid NOT NULL DEFAULT uuid_v7(),
        "line_key" integer NOT NULL,
        "report_ref" text NOT NULL,
        "distributor_code" text NOT NULL,
        "status" text NOT NULL DEFAULT 'active',
        "content_hash" text NOT NULL,
        "line_count" integer NOT NULL,
        "source" text NOT NULL,
        "supersedes_id" uuid,
        "result" jsonb NOT NULL,
        "received_by" text,
        "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "ck_sales_report_status" CHECK ("status" IN ('active', 'superseded')),
        CONSTRAINT "uq_sales_report_line_key" UNIQUE ("line_key"),
        CONSTRAINT "pk_sales_report" PRIMARY KEY ("id")
      )
    `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_sales_report_active_ref" ON "sales_report" ("distributor_code", "report_ref") WHERE "status" = 'active'`);
    await queryRunner.query(`CREATE INDEX "idx_sales_report_distributor" ON "sales_report" ("distributor_code", "received_at")`);

    // The largest table, append-only, written by COPY straight from the upload: the checks
    // a single line must pass are constraints (COPY enforces them as it goes), the rest
    // (known SKU and region, unique line numbers) are checked over the batch. No B-tree:
    // one per row would cost as much as the rest of a million-line import. Line keys
    // ascend and a report's lines arrive together, so BRIN finds them in a few pages.
    // The SKU's product line and the ship-to province are read through product and region.
    // Columns detection reads come first (a row is decoded only up to the last column read).
    await queryRunner.query(`
      CREATE TABLE "sales_line" (
        "report_key" integer NOT NULL,
        "file_line" integer NOT NULL,
        "line_no" integer NOT NULL,
        "sale_date" date NOT NULL,
        "quantity" integer NOT NULL,
        "unit_price" numeric NOT NULL,
        "sku" text NOT NULL,
        "ship_to_region_code" text NOT NULL,
        "channel" character varying(100),
        "customer_ref" character varying(200),
        "lot" character varying(100),
        "serial" character varying(100),
        CONSTRAINT "ck_sales_line_line_no" CHECK ("line_no" > 0),
        CONSTRAINT "ck_sales_line_sale_date" CHECK ("sale_date" BETWEEN '2000-01-01' AND '2099-12-31'),
        CONSTRAINT "ck_sales_line_quantity" CHECK ("quantity" <> 0),
        CONSTRAINT "ck_sales_line_unit_price" CHECK ("unit_price" >= 0 AND "unit_price" < 100000000000000 AND scale("unit_price") <= 4),
        CONSTRAINT "ck_sales_line_channel" CHECK ("channel" <> '' AND "channel" = btrim("channel"))
      )
    `);
    await queryRunner.query(`CREATE INDEX "brin_sales_line_report" ON "sales_line" USING brin ("report_key") WITH (autosummarize = on)`);

    await queryRunner.query(`CREATE SEQUENCE "incident_number_seq"`);
    await queryRunner.query(`
      CREATE TABLE "incident" (
        "id" uuid NOT NULL DEFAULT uuid_v7(),
        "number" text NOT NULL,
        "status" text NOT NULL DEFAULT 'open',
        "severity" text NOT NULL DEFAULT 'low',
        "version" integer NOT NULL DEFAULT 1,
        "offender_code" text,
        "product_line" text NOT NULL,
        "destination_region_code" text NOT NULL,
        "assignee_id" uuid,
        "units" bigint NOT NULL DEFAULT '0',
        "value_at_floor" numeric(36, 4) NOT NULL DEFAULT '0',
        "price_erosion" numeric(36, 4) NOT NULL DEFAULT '0',
        "region_codes" text array NOT NULL DEFAULT '{}',
        "victim_codes" text array NOT NULL DEFAULT '{}',
        "violation_count" integer NOT NULL DEFAULT '0',
        "first_seen_on" date,
        "last_seen_on" date,
        "recurrence_of" uuid,
        "due_at" TIMESTAMP WITH TIME ZONE,
        "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "ck_incident_severity" CHECK ("severity" IN ('low', 'medium', 'high', 'critical')),
        CONSTRAINT "ck_incident_status" CHECK ("status" IN ('open', 'investigating', 'confirmed', 'resolved', 'closed', 'dismissed')),
        CONSTRAINT "pk_incident" PRIMARY KEY ("id"),
        CONSTRAINT "fk_incident_assignee" FOREIGN KEY ("assignee_id") REFERENCES "app_user" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT "fk_incident_recurrence" FOREIGN KEY ("recurrence_of") REFERENCES "incident" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION
      )
    `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_incident_number" ON "incident" ("number")`);
    await queryRunner.query(`
      CREATE UNIQUE INDEX "uq_incident_open_key" ON "incident" ((coalesce("offender_code", '')), "product_line", "destination_region_code")
      WHERE "status" IN ('open', 'investigating', 'confirmed')
    `);
    await queryRunner.query(`CREATE INDEX "idx_incident_offender" ON "incident" ("offender_code", "id")`);
    await queryRunner.query(`CREATE INDEX "idx_incident_status" ON "incident" ("status", "id")`);

    await queryRunner.query(`
      CREATE TABLE "violation" (
        "id" uuid NOT NULL DEFAULT uuid_v7(),
        "type" text NOT NULL,
        "status" text NOT NULL,
        "source_kind" text NOT NULL,
        "source_id" text NOT NULL,
        "report_id" uuid,
        "report_ref" text,
        "line_no" integer,
        "offender_code" text,
        "victim_codes" text array NOT NULL DEFAULT '{}',
        "region_code" text NOT NULL,
        "province_code" text,
        "sku" text,
        "product_line" text,
        "quantity" integer,
        "unit_price" numeric(18, 4),
        "floor_price" numeric(18, 4),
        "floor_id" uuid,
        "permit_id" uuid,
        "occurred_on" date NOT NULL,
        "channel" text,
        "customer_ref" text,
        "lot" text,
        "serial" text,
        "confidence" text,
        "incident_id" uuid,
        "evidence" jsonb NOT NULL DEFAULT '{}',
        "void_reason" text,
        "detected_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "ck_violation_confidence" CHECK ("confidence" IS NULL OR "confidence" IN ('high', 'medium')),
        CONSTRAINT "ck_violation_source_kind" CHECK ("source_kind" IN ('sales_line', 'sighting', 'shipment', 'complaint', 'reconciliation')),
        CONSTRAINT "ck_violation_status" CHECK ("status" IN ('active', 'permitted', 'voided')),
        CONSTRAINT "ck_violation_type" CHECK (
          "type" IN ('OUT_OF_TERRITORY', 'BELOW_FLOOR', 'DIVERTED_GOODS', 'BELOW_RETAIL_FLOOR', 'UNKNOWN_CODE', 'CUTOFF_BREACH', 'UNREPORTED_VOLUME')
        ),
        CONSTRAINT "pk_violation" PRIMARY KEY ("id")
      )
    `);
    // Violations arrive in bulk with their reports: B-trees only where lookups need them,
    // BRIN where rows follow insertion order (report, day). An incident's violations are (incident_id, id): unique keys
    // insert cheaper than long runs of one incident id, and page in id order.
    await queryRunner.query(`CREATE INDEX "idx_violation_incident" ON "violation" ("incident_id", "id")`);
    await queryRunner.query(`CREATE INDEX "idx_violation_offender" ON "violation" ("offender_code", "id")`);
    await queryRunner.query(`CREATE INDEX "brin_violation_report" ON "violation" USING brin ("report_id")`);
    await queryRunner.query(`CREATE INDEX "brin_violation_occurred" ON "violation" USING brin ("occurred_on")`);

    // Permitted quantities used so far, for permits with a maxQuantity.
    await queryRunner.query(`ALTER TABLE "transfer_permit" ADD "used_quantity" bigint NOT NULL DEFAULT '0'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "transfer_permit" DROP COLUMN "used_quantity"`);
    await queryRunner.query(`DROP TABLE "violation"`);
    await queryRunner.query(`DROP TABLE "incident"`);
    await queryRunner.query(`DROP SEQUENCE "incident_number_seq"`);
    await queryRunner.query(`DROP TABLE "sales_line"`);
    await queryRunner.query(`DROP TABLE "sales_report"`);
    await queryRunner.query(`DROP SEQUENCE "sales_report_line_key_seq"`);
    await queryRunner.query(`DROP TABLE "code_binding"`);
    await queryRunner.query(`DROP TABLE "shipment_line"`);
    await queryRunner.query(`DROP TABLE "shipment"`);
    await queryRunner.query(`DROP TABLE "setting"`);
    await queryRunner.query(`DROP FUNCTION money_text(numeric)`);
  }
}
