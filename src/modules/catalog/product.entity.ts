import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

@Entity('product')
@Index('uq_product_gtin', ['gtin'], { unique: true, where: '"gtin" IS NOT NULL' })
export class Product {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_product' })
  sku!: string;

  @Column({ type: 'text' })
  name!: string;

  @Index('idx_product_line')
  @Column({ type: 'text' })
  productLine!: string;

  @Column({ type: 'text', nullable: true })
  gtin!: string | null;

  /** The selling unit prices refer to, e.g. "bag", "case". */
  @Column({ type: 'text', default: 'unit' })
  unit!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
