import { Region } from '../regions/region.entity';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export const DISTRIBUTOR_STATUSES = ['active', 'suspended', 'terminated'] as const;
export type DistributorStatus = (typeof DISTRIBUTOR_STATUSES)[number];

@Entity('distributor')
@Check('ck_distributor_status', `"status" IN ('active', 'suspended', 'terminated')`)
@Check('ck_distributor_not_own_parent', `"parent_code" IS NULL OR "parent_code" <> "code"`)
export class Distributor {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_distributor' })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  /** e.g. general_agent, distributor, sub_distributor. */
  @Column({ type: 'text', nullable: true })
  tier!: string | null;

  /** The general agent a sub-distributor works under. */
  @Index('idx_distributor_parent')
  @Column({ type: 'text', nullable: true })
  parentCode!: string | null;

  @ManyToOne(() => Distributor, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_code', referencedColumnName: 'code', foreignKeyConstraintName: 'fk_distributor_parent' })
  parent?: Distributor | null;

  @Index('idx_distributor_home_region')
  @Column({ type: 'text' })
  homeRegionCode!: string;

  @ManyToOne(() => Region, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'home_region_code', referencedColumnName: 'code', foreignKeyConstraintName: 'fk_distributor_home_region' })
  homeRegion?: Region;

  @Column({ type: 'text', default: 'active' })
  status!: DistributorStatus;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
