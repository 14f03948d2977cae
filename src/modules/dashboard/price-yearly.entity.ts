import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * price_monthly rolled up by calendar year, kept by triggers on it: what a
 * whole year of price erosion reads. The key's index also carries the units
 * (see the migration).
 */
@Entity('price_yearly')
export class PriceYearly {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_price_yearly' })
  provinceCode!: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_price_yearly' })
  productLine!: string;

  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'pk_price_yearly' })
  bucket!: number;

  /** 1 January of the year. */
  @PrimaryColumn({ type: 'date', primaryKeyConstraintName: 'pk_price_yearly' })
  year!: string;

  @Column({ type: 'bigint', default: 0 })
  units!: string;
}
