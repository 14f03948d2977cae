import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Price erosion (issue 7): the units sold (sales lines of active reports,
 * returns aside) per month, destination province, product line and 1% price bucket
 * (price-bucket.ts), for the median price of a million lines without reading
 * them; kept by the sales intake as it stores and retires reports.
 * (Sightings are few enough to be read as they are.)
 */
export class CreatePriceMonthly1795460000000 implements MigrationInterface {
  name = 'CreatePriceMonthly1795460000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "price_monthly" (
        "month" date NOT NULL,
        "province_code" text NOT NULL,
        "product_line" text NOT NULL,
        "bucket" integer NOT NULL,
        "units" bigint NOT NULL DEFAULT 0,
        CONSTRAINT "pk_price_monthly" PRIMARY KEY ("month", "province_code", "product_line", "bucket")
      )
    `);
    const bucket = (price: string) => `CASE WHEN ${price} > 0 THEN round(ln((${price})::float8) / ln(1.01::float8))::int ELSE -100000 END`;
    await queryRunner.query(`
      INSERT INTO price_monthly (month, province_code, product_line, bucket, units)
      SELECT date_trunc('month', s.sale_date)::date, coalesce(g.province_code, g.code), p.product_line, ${bucket('s.unit_price')}, sum(s.quantity)
      FROM sales_line s JOIN sales_report r ON r.line_key = s.report_key AND r.status = 'active' JOIN region g ON g.code = s.ship_to_region_code
      JOIN product p ON p.sku = s.sku
      WHERE s.quantity > 0
      GROUP BY 1, 2, 3, 4`);
    await queryRunner.query(`CREATE INDEX "idx_sighting_observed_on" ON "sighting" ("observed_on")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "idx_sighting_observed_on"`);
    await queryRunner.query(`DROP TABLE "price_monthly"`);
  }
}
