import { Distributor } from '../distributors/distributor.entity';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { Role } from '../../common/auth/roles';

@Entity('app_user')
@Check('ck_app_user_role', `"role" IN ('admin', 'channel_manager', 'field_rep', 'distributor')`)
@Check('ck_app_user_distributor', `("role" = 'distributor') = ("distributor_code" IS NOT NULL)`)
@Check('ck_app_user_email_lower', `"email" = lower("email")`)
export class User {
  @PrimaryColumn({ type: 'uuid', default: () => 'uuid_v7()', primaryKeyConstraintName: 'pk_app_user' })
  id!: string;

  @Index('uq_app_user_email', { unique: true })
  @Column({ type: 'text' })
  email!: string;

  @Column({ type: 'text' })
  passwordHash!: string;

  @Column({ type: 'text' })
  role!: Role;

  @Column({ type: 'text', nullable: true })
  distributorCode!: string | null;

  @ManyToOne(() => Distributor, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'distributor_code', referencedColumnName: 'code', foreignKeyConstraintName: 'fk_app_user_distributor' })
  distributor?: Distributor | null;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  /** Tokens issued before this moment are refused (password changed, user deactivated). */
  @Column({ type: 'timestamptz', default: () => 'now()' })
  credentialsChangedAt!: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
