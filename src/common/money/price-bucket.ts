/**
 * Prices observed in the market, kept as 1% buckets for their distribution
 * (a median to within 1%, at intake cost): bucket k holds the prices that
 * round to 1.01^k. A price of 0 has a bucket of its own. The SQL twin is
 * PRICE_BUCKET_SQL; both are checked on the same cases.
 */
export const ZERO_PRICE_BUCKET = -100_000;
const LOG_RATIO = Math.log(1.01);

export function priceBucket(price: number): number {
  return price > 0 ? Math.round(Math.log(price) / LOG_RATIO) : ZERO_PRICE_BUCKET;
}

/** The price a bucket stands for, to the cent, as a decimal string. */
export function bucketPrice(bucket: number): string {
  return bucket === ZERO_PRICE_BUCKET ? '0.00' : (Math.round(Math.exp(bucket * LOG_RATIO) * 100) / 100).toFixed(2);
}

/** priceBucket() in SQL, over a numeric price expression. */
export const PRICE_BUCKET_SQL = (price: string) =>
  `CASE WHEN ${price} > 0 THEN round(ln((${price})::float8) / ln(1.01::float8))::int ELSE ${ZERO_PRICE_BUCKET} END`;
