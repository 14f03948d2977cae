import { Product } from '../catalog/product.entity';
import { Region } from '../regions/region.entity';
import { Distributor } from './distributor.entity';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

/** An authorised cross-territory sale: matching lines are recorded as permitted, not as violations. */
@Entity('transfer_permit')
@Check('ck_transfer_permit_dates', `"valid_to" >= "valid_from"`)
@Check('ck_transfer_permit_scope', `"product_line" IS NULL OR "sku" IS NULL`)
@Check('ck_transfer_permit_quantity', `"max_quantity" IS NULL OR "max_quantity" > 0`)
@Index('idx_transfer_permit_distributor_region', ['distributorCode', 'regionCode'])
export class TransferPermit {
  @PrimaryColumn({ type: 'uuid', default: () => 'uuid_v7()', primaryKeyConstraintName: 'pk_transfer_permit' })
  id!: string;

  @Column({ type: 'text' })
  distributorCode!: string;

  @ManyToOne(() => Distributor, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'distributor_code', referencedColumnName: 'code', foreignKeyConstraintName: 'fk_transfer_permit_distributor' })
  distributor?: Distributor;

  @Column({ type: 'text' })
  regionCode!: string;

  @ManyToOne(() => Region, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'region_code', referencedColumnName: 'code', foreignKeyConstraintName: 'fk_transfer_permit_region' })
  region?: Region;

  @Column({ type: 'text', nullable: true })
  productLine!: string | null;

  @Column({ type: 'text', nullable: true })
  sku!: string | null;

  @ManyToOne(() => Product, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'sku', referencedColumnName: 'sku', foreignKeyConstraintName: 'fk_transfer_permit_product' })
  product?: Product | null;

  @Column({ type: 'date' })
  validFrom!: string;

  @Column({ type: 'date' })
  validTo!: string;

  /** Total units the permit covers; null: no limit. */
  @Column({ type: 'integer', nullable: true })
  maxQuantity!: number | null;

  /** Units already recorded as permitted under this permit (bigint: without a maximum it only grows). */
  @Column({ type: 'bigint', default: 0 })
  usedQuantity!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  revokeReason!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
