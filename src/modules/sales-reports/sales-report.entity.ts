import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, Unique } from 'typeorm';

/** A distributor's report of its own sales (sell-out); its lines live in sales_line. */
@Entity('sales_report')
@Check('ck_sales_report_status', `"status" IN ('active', 'superseded')`)
@Index('uq_sales_report_active_ref', ['distributorCode', 'reportRef'], { unique: true, where: `"status" = 'active'` })
@Index('idx_sales_report_distributor', ['distributorCode', 'receivedAt'])
@Unique('uq_sales_report_line_key', ['lineKey'])
export class SalesReport {
  @PrimaryColumn({ type: 'uuid', default: () => 'uuid_v7()', primaryKeyConstraintName: 'pk_sales_report' })
  id!: string;

  /** The key its lines carry in sales_line, taken from sales_report_line_key_seq by the import; internal. */
  @Column({ type: 'integer' })
  lineKey!: number;

  @Column({ type: 'text' })
  reportRef!: string;

  @Column({ type: 'text' })
  distributorCode!: string;

  /** active; superseded once a correction replaced it. */
  @Column({ type: 'text', default: 'active' })
  status!: 'active' | 'superseded';

  @Column({ type: 'text' })
  contentHash!: string;

  @Column({ type: 'integer' })
  lineCount!: number;

  @Column({ type: 'text' })
  source!: 'json' | 'csv';

  /** The report this one replaced (?supersede=true). */
  @Column({ type: 'uuid', nullable: true })
  supersedesId!: string | null;

  /** The import result, answered again when the same content is re-sent. */
  @Column({ type: 'jsonb' })
  result!: object;

  @Column({ type: 'text', nullable: true })
  receivedBy!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  receivedAt!: Date;
}
