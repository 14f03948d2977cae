import { useTestClient } from '../../../test/support/test-database';
import { bucketPrice, PRICE_BUCKET_SQL, priceBucket, ZERO_PRICE_BUCKET } from './price-bucket';

describe('price buckets', () => {
  const client = useTestClient();
  const prices = ['0.00', '0.01', '0.99', '1.00', '1.005', '3.50', '8.00', '9.99', '10.00', '10.50', '11.00', '12.37', '99.99', '1234.5678', '99999999.9999'];

  it.each(prices)('puts %s in the same bucket in TypeScript and in SQL', async (price) => {
    const { rows } = await client().query(`SELECT ${PRICE_BUCKET_SQL('$1::numeric')} AS bucket`, [price]);
    expect(rows[0].bucket).toBe(priceBucket(Number(price)));
  });

  it('gives back a price within 0.5% of any price in the bucket', () => {
    for (const price of [0.5, 3.5, 8, 10.5, 11, 12.37, 99.99, 1234.57]) {
      const back = Number(bucketPrice(priceBucket(price)));
      expect(Math.abs(back - price) / price).toBeLessThan(0.0051);
    }
    expect(priceBucket(0)).toBe(ZERO_PRICE_BUCKET);
    expect(bucketPrice(ZERO_PRICE_BUCKET)).toBe('0.00');
  });
});
