import { MigrationInterface, QueryRunner } from 'typeorm';

/** Photos of a sighting: the bytes live in the photo store, the row keeps their type, size and SHA-256 (the evidence hash). */
export class CreateSightingPhoto1795410000000 implements MigrationInterface {
  name = 'CreateSightingPhoto1795410000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "sighting_photo" (
        "id" uuid NOT NULL DEFAULT uuid_v7(),
        "sighting_id" uuid NOT NULL,
        "content_type" text NOT NULL,
        "byte_size" integer NOT NULL,
        "sha256" text NOT NULL,
        "storage_key" text NOT NULL,
        "file_name" text,
        "uploaded_by" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_sighting_photo" PRIMARY KEY ("id"),
        CONSTRAINT "ck_sighting_photo_type" CHECK ("content_type" IN ('image/jpeg', 'image/png', 'image/webp')),
        CONSTRAINT "ck_sighting_photo_size" CHECK ("byte_size" > 0),
        CONSTRAINT "fk_sighting_photo_sighting" FOREIGN KEY ("sighting_id") REFERENCES "sighting" ("id") ON DELETE CASCADE
      )
    `);
    await queryRunner.query(`CREATE INDEX "idx_sighting_photo_sighting" ON "sighting_photo" ("sighting_id", "id")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "sighting_photo"`);
  }
}
