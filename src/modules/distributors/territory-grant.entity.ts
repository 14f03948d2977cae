import { Region } from '../regions/region.entity';
import { Distributor } from './distributor.entity';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

/** Distributor D may sell in region R and below, optionally for one product line and/or channel, between two dates (inclusive). */
@Entity('territory_grant')
@Check('ck_territory_grant_dates', `"valid_to" IS NULL OR "valid_to" >= "valid_from"`)
@Index('idx_territory_grant_distributor_region', ['distributorCode', 'regionCode'])
@Index('idx_territory_grant_region', ['regionCode'])
export class TerritoryGrant {
  @PrimaryColumn({ type: 'uuid', default: () => 'uuid_v7()', primaryKeyConstraintName: 'pk_territory_grant' })
  id!: string;

  @Column({ type: 'text' })
  distributorCode!: string;

  @ManyToOne(() => Distributor, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'distributor_code', referencedColumnName: 'code', foreignKeyConstraintName: 'fk_territory_grant_distributor' })
  distributor?: Distributor;

  @Column({ type: 'text' })
  regionCode!: string;

  @ManyToOne(() => Region, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'region_code', referencedColumnName: 'code', foreignKeyConstraintName: 'fk_territory_grant_region' })
  region?: Region;

  /** null: every product line. */
  @Column({ type: 'text', nullable: true })
  productLine!: string | null;

  /** null: every channel. */
  @Column({ type: 'text', nullable: true })
  channel!: string | null;

  @Column({ type: 'date' })
  validFrom!: string;

  /** null: open-ended. */
  @Column({ type: 'date', nullable: true })
  validTo!: string | null;

  @Column({ type: 'boolean', default: true })
  exclusive!: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
