import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Distributor } from '../distributors/distributor.entity';
import { Incident } from '../incidents/incident.entity';
import { Violation } from '../violations/violation.entity';

export const APPEAL_STATUSES = ['pending', 'accepted', 'rejected'] as const;
export type AppealStatus = (typeof APPEAL_STATUSES)[number];

/** The accused distributor's dispute of a violation: accepted, it voids the violation. */
@Entity('violation_appeal')
@Check('ck_violation_appeal_status', `"status" IN ('pending', 'accepted', 'rejected')`)
@Check('ck_violation_appeal_decided', `("status" = 'pending') = ("decided_by" IS NULL)`)
// One undecided appeal per violation: a partial unique index, declared in the migration.
@Index('uq_violation_appeal_pending', { synchronize: false })
@Index('idx_violation_appeal_distributor', ['distributorCode', 'id'])
@Index('idx_violation_appeal_incident', ['incidentId', 'id'])
export class ViolationAppeal {
  @PrimaryColumn({ type: 'uuid', default: () => 'uuid_v7()', primaryKeyConstraintName: 'pk_violation_appeal' })
  id!: string;

  @ManyToOne(() => Violation, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'violation_id', foreignKeyConstraintName: 'fk_violation_appeal_violation' })
  violation?: Violation;

  @Column({ type: 'uuid' })
  violationId!: string;

  @ManyToOne(() => Incident, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'incident_id', foreignKeyConstraintName: 'fk_violation_appeal_incident' })
  incident?: Incident | null;

  @Column({ type: 'uuid', nullable: true })
  incidentId!: string | null;

  @ManyToOne(() => Distributor, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'distributor_code', referencedColumnName: 'code', foreignKeyConstraintName: 'fk_violation_appeal_distributor' })
  distributor?: Distributor;

  @Column({ type: 'text' })
  distributorCode!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'text', nullable: true })
  evidence!: string | null;

  @Column({ type: 'text', default: 'pending' })
  status!: AppealStatus;

  @Column({ type: 'text' })
  createdBy!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ type: 'text', nullable: true })
  decidedBy!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  decisionReason!: string | null;
}
