import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Active violations per day, type, offender ('' for none), destination
 * province and product line ('' for none), kept with each change of violations (see the migration): what
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

  /** The destination province ('' for none). */
  @PrimaryColumn({ type: 'text', default: '', primaryKeyConstraintName: 'pk_violation_daily' })
  provinceCode!: string;

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

  /** Units sold or sighted below the floor: counted on the floor violations. */
  @Column({ type: 'bigint', default: 0 })
  floorUnits!: string;
}
