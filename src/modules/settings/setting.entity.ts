import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A named group of settings (detection thresholds, workflow SLAs, ...) as one JSON document. */
@Entity('setting')
export class Setting {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_setting' })
  key!: string;

  @Column({ type: 'jsonb' })
  value!: object;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ type: 'text', nullable: true })
  updatedBy!: string | null;
}
