import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export const REGION_LEVELS = ['country', 'province', 'city', 'district', 'township'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

/** A node of the administrative tree, addressed by its code (GB/T 2260 fits). */
@Entity('region')
@Check('ck_region_level', `"level" IN ('country', 'province', 'city', 'district', 'township')`)
@Check('ck_region_not_own_parent', `"parent_code" IS NULL OR "parent_code" <> "code"`)
export class Region {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_region' })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Index('idx_region_parent')
  @Column({ type: 'text', nullable: true })
  parentCode!: string | null;

  @ManyToOne(() => Region, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_code', referencedColumnName: 'code', foreignKeyConstraintName: 'fk_region_parent' })
  parent?: Region | null;

  @Column({ type: 'text' })
  level!: RegionLevel;

  /** 0 for a root; kept by the region service with the closure table. */
  @Column({ type: 'smallint', default: 0 })
  depth!: number;

  /** The province this region lies in (itself for a province); incidents group by it. */
  @Column({ type: 'text', nullable: true })
  provinceCode!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
