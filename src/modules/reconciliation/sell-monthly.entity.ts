import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Sell-in and reported sell-out of a distributor in a month, by SKU (units); read by product line through product. */
@Entity('sell_monthly')
@Check('ck_sell_monthly_month', `date_trunc('month', "month") = "month"`)
@Index('idx_sell_monthly_month', ['month'])
export class SellMonthly {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_sell_monthly' })
  distributorCode!: string;

  /** The first day of the month. */
  @PrimaryColumn({ type: 'date', primaryKeyConstraintName: 'pk_sell_monthly' })
  month!: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_sell_monthly' })
  sku!: string;

  @Column({ type: 'bigint', default: 0 })
  sellIn!: string;

  @Column({ type: 'bigint', default: 0 })
  sellOut!: string;
}
