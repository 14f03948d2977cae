import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateReferenceData1795346743121 implements MigrationInterface {
  name = 'CreateReferenceData1795346743121';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Exclusion constraints over text equality plus date ranges.
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);

    await queryRunner.query(`
      CREATE TABLE "region" (
        "code" text NOT NULL,
        "name" text NOT NULL,
        "parent_code" text,
        "level" text NOT NULL,
        "depth" smallint NOT NULL DEFAULT '0',
        "province_code" text,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "ck_region_not_own_parent" CHECK ("parent_code" IS NULL OR "parent_code" <> "code"),
        CONSTRAINT "ck_region_level" CHECK ("level" IN ('country', 'province', 'city', 'district', 'township')),
        CONSTRAINT "pk_region" PRIMARY KEY ("code"),
        CONSTRAINT "fk_region_parent" FOREIGN KEY ("parent_code") REFERENCES "region" ("code") ON DELETE RESTRICT ON UPDATE NO ACTION
      )
    `);
    await queryRunner.query(`CREATE INDEX "idx_region_parent" ON "region" ("parent_code")`);

    // Every (ancestor, descendant) pair, self included at distance 0: coverage is an equality join at any depth.
    // Derived from region.parent_code by the region service only; no foreign keys, which would
    // cost two lookups per row on every rebuild for nothing the rebuild does not already guarantee.
    await queryRunner.query(`
      CREATE TABLE "region_closure" (
        "ancestor_code" text NOT NULL,
        "descendant_code" text NOT NULL,
        "distance" smallint NOT NULL,
        "ancestor_depth" smallint NOT NULL,
        CONSTRAINT "pk_region_closure" PRIMARY KEY ("descendant_code", "ancestor_code")
      )
    `);
    await queryRunner.query(`CREATE INDEX "idx_region_closure_ancestor" ON "region_closure" ("ancestor_code", "descendant_code")`);

    await queryRunner.query(`
      CREATE TABLE "distributor" (
        "code" text NOT NULL,
        "name" text NOT NULL,
        "tier" text,
        "parent_code" text,
        "home_region_code" text NOT NULL,
        "status" text NOT NULL DEFAULT 'active',
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "ck_distributor_not_own_parent" CHECK ("parent_code" IS NULL OR "parent_code" <> "code"),
        CONSTRAINT "ck_distributor_status" CHECK ("status" IN ('active', 'suspended', 'terminated')),
        CONSTRAINT "pk_distributor" PRIMARY KEY ("code"),
        CONSTRAINT "fk_distributor_parent" FOREIGN KEY ("parent_code") REFERENCES "distributor" ("code") ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT "fk_distributor_home_region" FOREIGN KEY ("home_region_code") REFERENCES "region" ("code") ON DELETE RESTRICT ON UPDATE NO ACTION
      )
    `);
    await queryRunner.query(`CREATE INDEX "idx_distributor_parent" ON "distributor" ("parent_code")`);
    await queryRunner.query(`CREATE INDEX "idx_distributor_home_region" ON "distributor" ("home_region_code")`);

    // Users and API keys of the distributor role now point at a real distributor.
    await queryRunner.query(`
      ALTER TABLE "app_user" ADD CONSTRAINT "fk_app_user_distributor"
      FOREIGN KEY ("distributor_code") REFERENCES "distributor" ("code") ON DELETE RESTRICT ON UPDATE NO ACTION
    `);
    await queryRunner.query(`
      ALTER TABLE "api_key" ADD CONSTRAINT "fk_api_key_distributor"
      FOREIGN KEY ("distributor_code") REFERENCES "distributor" ("code") ON DELETE RESTRICT ON UPDATE NO ACTION
    `);

    await queryRunner.query(`
      CREATE TABLE "product" (
        "sku" text NOT NULL,
        "name" text NOT NULL,
        "product_line" text NOT NULL,
        "gtin" text,
        "unit" text NOT NULL DEFAULT 'unit',
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_product" PRIMARY KEY ("sku")
      )
    `);
    await queryRunner.query(`CREATE INDEX "idx_product_line" ON "product" ("product_line")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_product_gtin" ON "product" ("gtin") WHERE "gtin" IS NOT NULL`);

    await queryRunner.query(`
      CREATE TABLE "price_floor" (
        "id" uuid NOT NULL DEFAULT uuid_v7(),
        "sku" text,
        "product_line" text,
        "region_code" text,
        "channel" text,
        "level" text NOT NULL,
        "min_unit_price" numeric(18, 4) NOT NULL,
        "valid_from" date NOT NULL,
        "valid_to" date,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "ck_price_floor_dates" CHECK ("valid_to" IS NULL OR "valid_to" >= "valid_from"),
        CONSTRAINT "ck_price_floor_price" CHECK ("min_unit_price" > 0),
        CONSTRAINT "ck_price_floor_level" CHECK ("level" IN ('distributor', 'retail')),
        CONSTRAINT "ck_price_floor_target" CHECK (("sku" IS NULL) <> ("product_line" IS NULL)),
        CONSTRAINT "ex_price_floor_scope" EXCLUDE USING gist (
          (coalesce("sku", '')) WITH =,
          (coalesce("product_line", '')) WITH =,
          (coalesce("region_code", '')) WITH =,
          (coalesce("channel", '')) WITH =,
          "level" WITH =,
          daterange("valid_from", "valid_to", '[]') WITH &&
        ),
        CONSTRAINT "pk_price_floor" PRIMARY KEY ("id"),
        CONSTRAINT "fk_price_floor_product" FOREIGN KEY ("sku") REFERENCES "product" ("sku") ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT "fk_price_floor_region" FOREIGN KEY ("region_code") REFERENCES "region" ("code") ON DELETE RESTRICT ON UPDATE NO ACTION
      )
    `);
    await queryRunner.query(`CREATE INDEX "idx_price_floor_line" ON "price_floor" ("product_line", "level", "region_code")`);
    await queryRunner.query(`CREATE INDEX "idx_price_floor_sku" ON "price_floor" ("sku", "level", "region_code")`);

    await queryRunner.query(`
      CREATE TABLE "territory_grant" (
        "id" uuid NOT NULL DEFAULT uuid_v7(),
        "distributor_code" text NOT NULL,
        "region_code" text NOT NULL,
        "product_line" text,
        "channel" text,
        "valid_from" date NOT NULL,
        "valid_to" date,
        "exclusive" boolean NOT NULL DEFAULT true,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "ck_territory_grant_dates" CHECK ("valid_to" IS NULL OR "valid_to" >= "valid_from"),
        CONSTRAINT "pk_territory_grant" PRIMARY KEY ("id"),
        CONSTRAINT "fk_territory_grant_distributor" FOREIGN KEY ("distributor_code") REFERENCES "distributor" ("code") ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT "fk_territory_grant_region" FOREIGN KEY ("region_code") REFERENCES "region" ("code") ON DELETE RESTRICT ON UPDATE NO ACTION
      )
    `);
    await queryRunner.query(`CREATE INDEX "idx_territory_grant_region" ON "territory_grant" ("region_code")`);
    await queryRunner.query(`CREATE INDEX "idx_territory_grant_distributor_region" ON "territory_grant" ("distributor_code", "region_code")`);

    await queryRunner.query(`
      CREATE TABLE "transfer_permit" (
        "id" uuid NOT NULL DEFAULT uuid_v7(),
        "distributor_code" text NOT NULL,
        "region_code" text NOT NULL,
        "product_line" text,
        "sku" text,
        "valid_from" date NOT NULL,
        "valid_to" date NOT NULL,
        "max_quantity" integer,
        "reason" text NOT NULL,
        "revoked_at" TIMESTAMP WITH TIME ZONE,
        "revoke_reason" text,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "ck_transfer_permit_quantity" CHECK ("max_quantity" IS NULL OR "max_quantity" > 0),
        CONSTRAINT "ck_transfer_permit_scope" CHECK ("product_line" IS NULL OR "sku" IS NULL),
        CONSTRAINT "ck_transfer_permit_dates" CHECK ("valid_to" >= "valid_from"),
        CONSTRAINT "pk_transfer_permit" PRIMARY KEY ("id"),
        CONSTRAINT "fk_transfer_permit_distributor" FOREIGN KEY ("distributor_code") REFERENCES "distributor" ("code") ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT "fk_transfer_permit_region" FOREIGN KEY ("region_code") REFERENCES "region" ("code") ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT "fk_transfer_permit_product" FOREIGN KEY ("sku") REFERENCES "product" ("sku") ON DELETE RESTRICT ON UPDATE NO ACTION
      )
    `);
    await queryRunner.query(`CREATE INDEX "idx_transfer_permit_distributor_region" ON "transfer_permit" ("distributor_code", "region_code")`);

    // The exclusive-grant rule, as a function every writer that can break it calls
    // (new or longer grants, a new parent, a moved region).
    await queryRunner.query(`
      CREATE FUNCTION exclusive_grant_conflicts(grant_ids uuid[])
      RETURNS TABLE (grant_id uuid, id uuid, distributor_code text, region_code text, product_line text, channel text, valid_from date, valid_to date)
      LANGUAGE sql STABLE AS $$
  WITH RECURSIVE
    overlapping AS (
      SELECT n.id AS grant_id, n.distributor_code AS grant_distributor, o.id, o.distributor_code, o.region_code,
             o.product_line, o.channel, o.valid_from, o.valid_to
      FROM territory_grant n
      CROSS JOIN LATERAL (
        SELECT rc.ancestor_code AS region_code FROM region_closure rc WHERE rc.descendant_code = n.region_code
        UNION
        SELECT rc.descendant_code FROM region_closure rc WHERE rc.ancestor_code = n.region_code
      ) related
      JOIN territory_grant o ON o.region_code = related.region_code AND o.exclusive AND o.id <> n.id AND o.distributor_code <> n.distributor_code
      WHERE n.id = ANY(grant_ids)
        AND n.exclusive
        AND (n.product_line IS NULL OR o.product_line IS NULL OR n.product_line = o.product_line)
        AND (n.channel IS NULL OR o.channel IS NULL OR n.channel = o.channel)
        AND daterange(n.valid_from, n.valid_to, '[]') && daterange(o.valid_from, o.valid_to, '[]')
    ),
    lineage (code, ancestor) AS (
      SELECT code, parent_code FROM distributor
      WHERE parent_code IS NOT NULL AND code IN (SELECT grant_distributor FROM overlapping UNION SELECT distributor_code FROM overlapping)
      UNION
      SELECT lineage.code, d.parent_code FROM lineage JOIN distributor d ON d.code = lineage.ancestor WHERE d.parent_code IS NOT NULL
    )
  SELECT o.grant_id, o.id, o.distributor_code, o.region_code, o.product_line, o.channel, o.valid_from, o.valid_to
  FROM overlapping o
  WHERE NOT EXISTS (
    SELECT 1 FROM lineage
    WHERE (lineage.code = o.grant_distributor AND lineage.ancestor = o.distributor_code)
       OR (lineage.code = o.distributor_code AND lineage.ancestor = o.grant_distributor)
  )
      $$
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION exclusive_grant_conflicts(uuid[])`);
    await queryRunner.query(`DROP TABLE "transfer_permit"`);
    await queryRunner.query(`DROP TABLE "territory_grant"`);
    await queryRunner.query(`DROP TABLE "price_floor"`);
    await queryRunner.query(`DROP TABLE "product"`);
    await queryRunner.query(`ALTER TABLE "api_key" DROP CONSTRAINT "fk_api_key_distributor"`);
    await queryRunner.query(`ALTER TABLE "app_user" DROP CONSTRAINT "fk_app_user_distributor"`);
    await queryRunner.query(`DROP TABLE "distributor"`);
    await queryRunner.query(`DROP TABLE "region_closure"`);
    await queryRunner.query(`DROP TABLE "region"`);
  }
}
