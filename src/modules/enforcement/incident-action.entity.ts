import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Distributor } from '../distributors/distributor.entity';
import { Incident } from '../incidents/incident.entity';

export const ACTION_TYPES = ['warning', 'rebate_deduction', 'fine', 'supply_cutoff'] as const;
export type ActionType = (typeof ACTION_TYPES)[number];
/** The actions that are penalties, kept in the distributor's ledger. */
export const PENALTY_TYPES: readonly ActionType[] = ['warning', 'rebate_deduction', 'fine'];

/** An enforcement action on a confirmed incident: a penalty on a distributor, or a supply cutoff. */
@Entity('incident_action')
@Check('ck_incident_action_type', `"type" IN ('warning', 'rebate_deduction', 'fine', 'supply_cutoff')`)
@Check('ck_incident_action_amount', `("type" IN ('rebate_deduction', 'fine')) = ("amount" IS NOT NULL) AND coalesce("amount", 1) > 0`)
@Check('ck_incident_action_rebate_period', `("type" = 'rebate_deduction') = ("rebate_period" IS NOT NULL)`)
@Check(
  'ck_incident_action_cutoff',
  `("type" = 'supply_cutoff') = ("starts_at" IS NOT NULL AND "ends_at" IS NOT NULL) AND ("ends_at" IS NULL OR "ends_at" > "starts_at")`,
)
@Check('ck_incident_action_lift', `"lifted_at" IS NULL OR "type" = 'supply_cutoff'`)
@Index('idx_incident_action_incident', ['incidentId', 'id'])
@Index('idx_incident_action_distributor', ['distributorCode', 'id'])
// A partial index over the cutoffs, declared in the migration.
@Index('idx_incident_action_cutoff', { synchronize: false })
export class IncidentAction {
  @PrimaryColumn({ type: 'uuid', default: () => 'uuid_v7()', primaryKeyConstraintName: 'pk_incident_action' })
  id!: string;

  @ManyToOne(() => Incident, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'incident_id', foreignKeyConstraintName: 'fk_incident_action_incident' })
  incident?: Incident;

  @Column({ type: 'uuid' })
  incidentId!: string;

  @Column({ type: 'text' })
  type!: ActionType;

  /** Whom it concerns: the offender unless another distributor is named. */
  @ManyToOne(() => Distributor, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'distributor_code', referencedColumnName: 'code', foreignKeyConstraintName: 'fk_incident_action_distributor' })
  distributor?: Distributor;

  @Column({ type: 'text' })
  distributorCode!: string;

  /** A rebate deduction's or a fine's amount. */
  @Column({ type: 'numeric', precision: 18, scale: 4, nullable: true })
  amount!: string | null;

  @Column({ type: 'text', nullable: true })
  rebatePeriod!: string | null;

  /** A cutoff's scope: product lines and SKUs; neither means everything. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  productLines!: string[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  skus!: string[];

  @Column({ type: 'timestamptz', nullable: true })
  startsAt!: Date | null;

  /** The cutoff's planned end: it ends by itself then. */
  @Column({ type: 'timestamptz', nullable: true })
  endsAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  liftedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  liftedBy!: string | null;

  @Column({ type: 'text', nullable: true })
  liftReason!: string | null;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ type: 'text' })
  createdBy!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
