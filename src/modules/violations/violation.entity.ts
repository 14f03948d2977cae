import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const VIOLATION_TYPES = [
  'OUT_OF_TERRITORY',
  'BELOW_FLOOR',
  'DIVERTED_GOODS',
  'BELOW_RETAIL_FLOOR',
  'UNKNOWN_CODE',
  'CUTOFF_BREACH',
  'UNREPORTED_VOLUME',
] as const;
export type ViolationType = (typeof VIOLATION_TYPES)[number];
export const VIOLATION_STATUSES = ['active', 'permitted', 'voided'] as const;
export type ViolationStatus = (typeof VIOLATION_STATUSES)[number];
export const SOURCE_KINDS = ['sales_line', 'sighting', 'shipment', 'complaint', 'reconciliation'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/**
 * One detected breach with the evidence that produced it. Written in bulk by
 * set-based detection; no foreign keys (checked per row, they would dominate
 * an import), the import transaction guarantees the references.
 */
@Entity('violation')
@Check(
  'ck_violation_type',
  `"type" IN ('OUT_OF_TERRITORY', 'BELOW_FLOOR', 'DIVERTED_GOODS', 'BELOW_RETAIL_FLOOR', 'UNKNOWN_CODE', 'CUTOFF_BREACH', 'UNREPORTED_VOLUME')`,
)
@Check('ck_violation_status', `"status" IN ('active', 'permitted', 'voided')`)
@Check('ck_violation_source_kind', `"source_kind" IN ('sales_line', 'sighting', 'shipment', 'complaint', 'reconciliation')`)
@Check('ck_violation_confidence', `"confidence" IS NULL OR "confidence" IN ('high', 'medium')`)
@Index('idx_violation_incident', ['incidentId', 'id'])
@Index('idx_violation_offender', ['offenderCode', 'id'])
@Index('idx_violation_region', ['regionCode', 'occurredOn'])
@Index('idx_violation_source', ['sourceId'], { where: `"source_kind" <> 'sales_line'` })
// A BRIN index, declared in the migration.
@Index('brin_violation_report', { synchronize: false })
export class Violation {
  @PrimaryColumn({ type: 'uuid', default: () => 'uuid_v7()', primaryKeyConstraintName: 'pk_violation' })
  id!: string;

  @Column({ type: 'text' })
  type!: ViolationType;

  @Column({ type: 'text' })
  status!: ViolationStatus;

  @Column({ type: 'text' })
  sourceKind!: SourceKind;

  /** The source object: the sales report of a sales line, the sighting, the shipment, ... */
  @Column({ type: 'text' })
  sourceId!: string;

  @Column({ type: 'uuid', nullable: true })
  reportId!: string | null;

  @Column({ type: 'text', nullable: true })
  reportRef!: string | null;

  @Column({ type: 'integer', nullable: true })
  lineNo!: number | null;

  @Column({ type: 'text', nullable: true })
  offenderCode!: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  victimCodes!: string[];

  @Column({ type: 'text' })
  regionCode!: string;

  /** The destination province; incidents group by it. */
  @Column({ type: 'text', nullable: true })
  provinceCode!: string | null;

  @Column({ type: 'text', nullable: true })
  sku!: string | null;

  @Column({ type: 'text', nullable: true })
  productLine!: string | null;

  @Column({ type: 'integer', nullable: true })
  quantity!: number | null;

  @Column({ type: 'numeric', precision: 18, scale: 4, nullable: true })
  unitPrice!: string | null;

  @Column({ type: 'numeric', precision: 18, scale: 4, nullable: true })
  floorPrice!: string | null;

  @Column({ type: 'uuid', nullable: true })
  floorId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  permitId!: string | null;

  @Column({ type: 'date' })
  occurredOn!: string;

  /** The line's channel, customer, lot and serial, for the evidence. */
  @Column({ type: 'text', nullable: true })
  channel!: string | null;

  @Column({ type: 'text', nullable: true })
  customerRef!: string | null;

  @Column({ type: 'text', nullable: true })
  lot!: string | null;

  @Column({ type: 'text', nullable: true })
  serial!: string | null;

  @Column({ type: 'text', nullable: true })
  confidence!: 'high' | 'medium' | null;

  @Column({ type: 'uuid', nullable: true })
  incidentId!: string | null;

  /** What the columns do not hold: the grants considered, the trace, ... */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  evidence!: object;

  @Column({ type: 'text', nullable: true })
  voidReason!: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  detectedAt!: Date;
}
