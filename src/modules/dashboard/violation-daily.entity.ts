import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Active violations per day, type, offender ('' for none), region and product
 * line ('' for none), kept by triggers on violation (see the migration): what
 * the dashboard sums instead of scanning violations.
 */
@Entity('violation_daily')
@Index('idx_violation_daily_offender', ['offenderCode', 'day'])
export class ViolationDaily {
  @PrimaryColumn({ type: 'date', primaryKeyConstraintName: 'pk_violation_daily' })
  day!: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_violation_daily' })
  type!: string;

  @PrimaryColumn({ type: 'text', default: '', primaryKeyConstraintName: 'pk_violation_daily' })
  offenderCode!: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_violation_daily' })
  regionCode!: string;

  @Column({ type: 'text', nullable: true })
  provinceCode!: string | null;

  @PrimaryColumn({ type: 'text', default: '', primaryKeyConstraintName: 'pk_violation_daily' })
  productLine!: string;

  @Column({ type: 'bigint', default: 0 })
  violations!: string;

  /** Units dumped: counted on the territory violations. */
  @Column({ type: 'bigint', default: 0 })
  units!: string;

  @Column({ type: 'numeric', precision: 36, scale: 4, default: 0 })
  valueAtFloor!: string;

  /** Counted on the floor violations. */
  @Column({ type: 'numeric', precision: 36, scale: 4, default: 0 })
  priceErosion!: string;
}
