import { Region } from '../regions/region.entity';
import { Product } from './product.entity';
import { Check, Exclusion, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

export const FLOOR_LEVELS = ['distributor', 'retail'] as const;
export type FloorLevel = (typeof FLOOR_LEVELS)[number];

/** The minimum unit price for a SKU or a product line, optionally in a region (and below) and a channel. */
@Entity('price_floor')
@Check('ck_price_floor_target', `("sku" IS NULL) <> ("product_line" IS NULL)`)
@Check('ck_price_floor_level', `"level" IN ('distributor', 'retail')`)
@Check('ck_price_floor_price', `"min_unit_price" > 0`)
@Check('ck_price_floor_dates', `"valid_to" IS NULL OR "valid_to" >= "valid_from"`)
// Two floors with the same scope and level on the same day would make the answer ambiguous.
@Exclusion(
  'ex_price_floor_scope',
  `USING gist ((coalesce("sku", '')) WITH =, (coalesce("product_line", '')) WITH =, (coalesce("region_code", '')) WITH =, (coalesce("channel", '')) WITH =, "level" WITH =, daterange("valid_from", "valid_to", '[]') WITH &&)`,
)
@Index('idx_price_floor_sku', ['sku', 'level', 'regionCode'])
@Index('idx_price_floor_line', ['productLine', 'level', 'regionCode'])
export class PriceFloor {
  @PrimaryColumn({ type: 'uuid', default: () => 'uuid_v7()', primaryKeyConstraintName: 'pk_price_floor' })
  id!: string;

  @Column({ type: 'text', nullable: true })
  sku!: string | null;

  @ManyToOne(() => Product, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'sku', referencedColumnName: 'sku', foreignKeyConstraintName: 'fk_price_floor_product' })
  product?: Product | null;

  @Column({ type: 'text', nullable: true })
  productLine!: string | null;

  /** null: everywhere. */
  @Column({ type: 'text', nullable: true })
  regionCode!: string | null;

  @ManyToOne(() => Region, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'region_code', referencedColumnName: 'code', foreignKeyConstraintName: 'fk_price_floor_region' })
  region?: Region | null;

  /** null: every channel. */
  @Column({ type: 'text', nullable: true })
  channel!: string | null;

  @Column({ type: 'text' })
  level!: FloorLevel;

  @Column({ type: 'numeric', precision: 18, scale: 4 })
  minUnitPrice!: string;

  @Column({ type: 'date' })
  validFrom!: string;

  @Column({ type: 'date', nullable: true })
  validTo!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
