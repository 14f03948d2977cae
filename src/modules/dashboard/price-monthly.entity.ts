import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Units sold per month, destination province, product line and 1% price bucket (see price-bucket.ts), returns aside. */
@Entity('price_monthly')
// One province and line's buckets in order, for the median.
@Index('idx_price_monthly_key', ['provinceCode', 'productLine', 'bucket', 'month'])
export class PriceMonthly {
  @PrimaryColumn({ type: 'date', primaryKeyConstraintName: 'pk_price_monthly' })
  month!: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_price_monthly' })
  provinceCode!: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_price_monthly' })
  productLine!: string;

  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'pk_price_monthly' })
  bucket!: number;

  @Column({ type: 'bigint', default: 0 })
  units!: string;
}
