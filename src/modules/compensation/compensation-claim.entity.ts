import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Distributor } from '../distributors/distributor.entity';
import { Incident } from '../incidents/incident.entity';

export const CLAIM_STATUSES = ['proposed', 'approved', 'rejected', 'paid'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

/** What the brand owes a victim of an incident: proposed from the violations in its territory, then decided and paid. */
@Entity('compensation_claim')
@Check('ck_compensation_claim_status', `"status" IN ('proposed', 'approved', 'rejected', 'paid')`)
@Check('ck_compensation_claim_amount', `"amount" >= 0 AND "proposed_amount" >= 0`)
@Check('ck_compensation_claim_decided', `"status" = 'proposed' OR "decided_by" IS NOT NULL`)
@Check('ck_compensation_claim_paid', `("status" = 'paid') = ("payment_ref" IS NOT NULL)`)
@Index('uq_compensation_claim_claimant', ['incidentId', 'claimantCode'], { unique: true })
@Index('idx_compensation_claim_claimant', ['claimantCode', 'id'])
export class CompensationClaim {
  @PrimaryColumn({ type: 'uuid', default: () => 'uuid_v7()', primaryKeyConstraintName: 'pk_compensation_claim' })
  id!: string;

  @ManyToOne(() => Incident, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'incident_id', foreignKeyConstraintName: 'fk_compensation_claim_incident' })
  incident?: Incident;

  @Column({ type: 'uuid' })
  incidentId!: string;

  @ManyToOne(() => Distributor, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'claimant_code', referencedColumnName: 'code', foreignKeyConstraintName: 'fk_compensation_claim_claimant' })
  claimant?: Distributor;

  @Column({ type: 'text' })
  claimantCode!: string;

  @Column({ type: 'text', default: 'proposed' })
  status!: ClaimStatus;

  /** What is owed now: the proposal, or a manager's adjustment of it. */
  @Column({ type: 'numeric', precision: 36, scale: 4 })
  amount!: string;

  @Column({ type: 'numeric', precision: 36, scale: 4 })
  proposedAmount!: string;

  /** How the proposal was computed: units, floor gap, lost margin, lines. */
  @Column({ type: 'jsonb' })
  basis!: Record<string, unknown>;

  @Column({ type: 'text', nullable: true })
  adjustmentReason!: string | null;

  /** Who changed the amount: like the proposer, not the one who approves it. */
  @Column({ type: 'text', nullable: true })
  adjustedBy!: string | null;

  @Column({ type: 'text' })
  proposedBy!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  proposedAt!: Date;

  @Column({ type: 'text', nullable: true })
  decidedBy!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  decisionNote!: string | null;

  @Column({ type: 'text', nullable: true })
  paymentRef!: string | null;

  @Column({ type: 'text', nullable: true })
  paidBy!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  paidAt!: Date | null;
}
