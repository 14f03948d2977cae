import { Distributor } from '../distributors/distributor.entity';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { Role } from '../../common/auth/roles';
import { User } from '../users/user.entity';

@Entity('api_key')
@Check('ck_api_key_role', `"role" IN ('admin', 'channel_manager', 'field_rep', 'distributor')`)
@Check('ck_api_key_distributor', `("role" = 'distributor') = ("distributor_code" IS NOT NULL)`)
export class ApiKey {
  @PrimaryColumn({ type: 'uuid', default: () => 'uuid_v7()', primaryKeyConstraintName: 'pk_api_key' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  /** The first characters of the key, so people can tell keys apart; the key itself is never stored. */
  @Column({ type: 'text' })
  keyPrefix!: string;

  @Index('uq_api_key_hash', { unique: true })
  @Column({ type: 'text' })
  keyHash!: string;

  @Column({ type: 'text' })
  role!: Role;

  @Column({ type: 'text', nullable: true })
  distributorCode!: string | null;

  @ManyToOne(() => Distributor, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'distributor_code', referencedColumnName: 'code', foreignKeyConstraintName: 'fk_api_key_distributor' })
  distributor?: Distributor | null;

  @ManyToOne(() => User, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'fk_api_key_created_by' })
  creator?: User | null;

  @Column({ type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
