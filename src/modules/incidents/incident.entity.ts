import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { User } from '../users/user.entity';

export const INCIDENT_STATUSES = ['open', 'investigating', 'confirmed', 'resolved', 'closed', 'dismissed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
export const OPEN_INCIDENT_STATUSES: readonly IncidentStatus[] = ['open', 'investigating', 'confirmed'];
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** The case that groups related violations; worked through the workflow. */
@Entity('incident')
@Check('ck_incident_status', `"status" IN ('open', 'investigating', 'confirmed', 'resolved', 'closed', 'dismissed')`)
@Check('ck_incident_severity', `"severity" IN ('low', 'medium', 'high', 'critical')`)
@Check(
  'ck_incident_assessment',
  `"status" NOT IN ('confirmed', 'resolved', 'closed')
          OR ("confirmed_units" IS NOT NULL AND "confirmed_value" IS NOT NULL AND "findings" IS NOT NULL AND "confirmed_by" IS NOT NULL)`,
)
@Check('ck_incident_assessment_amounts', `coalesce("confirmed_units", 0) >= 0 AND coalesce("confirmed_value", 0) >= 0`)
@Check('ck_incident_dismissal', `"status" <> 'dismissed' OR "dismissal_reason" IS NOT NULL`)
@Check('ck_incident_assignee', `"status" NOT IN ('investigating', 'confirmed', 'resolved', 'closed') OR "assignee_id" IS NOT NULL`)
// At most one open incident per offender (none counts as one), product line and destination
// province: new violations join it. An expression index, declared in the migration.
@Index('uq_incident_open_key', { synchronize: false })
@Index('idx_incident_offender', ['offenderCode', 'id'])
@Index('idx_incident_status', ['status', 'id'])
// Partial and expression indexes, declared in the migration.
@Index('idx_incident_recurrence', { synchronize: false })
@Index('idx_incident_due', { synchronize: false })
export class Incident {
  @PrimaryColumn({ type: 'uuid', default: () => 'uuid_v7()', primaryKeyConstraintName: 'pk_incident' })
  id!: string;

  /** INC-2026-000123 */
  @Index('uq_incident_number', { unique: true })
  @Column({ type: 'text' })
  number!: string;

  @Column({ type: 'text', default: 'open' })
  status!: IncidentStatus;

  @Column({ type: 'text', default: 'low' })
  severity!: Severity;

  /** Optimistic concurrency: every change increments it (If-Match). */
  @Column({ type: 'integer', default: 1 })
  version!: number;

  @Column({ type: 'text', nullable: true })
  offenderCode!: string | null;

  @Column({ type: 'text' })
  productLine!: string;

  /** The destination province. */
  @Column({ type: 'text' })
  destinationRegionCode!: string;

  @ManyToOne(() => User, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'assignee_id', foreignKeyConstraintName: 'fk_incident_assignee' })
  assignee?: User | null;

  @Column({ type: 'uuid', nullable: true })
  assigneeId!: string | null;

  @Column({ type: 'bigint', default: 0 })
  units!: string;

  // Wide: a line may be up to 2^31 units at up to 10^14 each, and an incident gathers many lines.
  @Column({ type: 'numeric', precision: 36, scale: 4, default: 0 })
  valueAtFloor!: string;

  @Column({ type: 'numeric', precision: 36, scale: 4, default: 0 })
  priceErosion!: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  regionCodes!: string[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  victimCodes!: string[];

  @Column({ type: 'integer', default: 0 })
  violationCount!: number;

  @Column({ type: 'date', nullable: true })
  firstSeenOn!: string | null;

  @Column({ type: 'date', nullable: true })
  lastSeenOn!: string | null;

  @ManyToOne(() => Incident, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'recurrence_of', foreignKeyConstraintName: 'fk_incident_recurrence' })
  recurrence?: Incident | null;

  /** The resolved or closed incident this one repeats. */
  @Column({ type: 'uuid', nullable: true })
  recurrenceOf!: string | null;

  /** When the current state's SLA runs out (settings: workflow.sla); none once resolved, closed or dismissed. */
  @Column({ type: 'timestamptz', nullable: true })
  dueAt!: Date | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  statusChangedAt!: Date;

  /** When it was resolved (kept when it is closed): the time to resolve. */
  @Index('idx_incident_resolved_at', { where: '"resolved_at" IS NOT NULL' })
  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;

  /** The assessment a confirmation carries. */
  @Column({ type: 'bigint', nullable: true })
  confirmedUnits!: string | null;

  @Column({ type: 'numeric', precision: 36, scale: 4, nullable: true })
  confirmedValue!: string | null;

  @Column({ type: 'text', nullable: true })
  findings!: string | null;

  /** Who confirmed it (a user id): closing needs someone else (four eyes). */
  @Column({ type: 'text', nullable: true })
  confirmedBy!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  confirmedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  dismissalReason!: string | null;

  @Index('idx_incident_opened_at')
  @CreateDateColumn({ type: 'timestamptz' })
  openedAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
