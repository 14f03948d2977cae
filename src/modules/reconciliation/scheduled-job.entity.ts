import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One row per kind of scheduled work: the instance that locks it runs it; the times say when it last ran. */
@Entity('scheduled_job')
export class ScheduledJob {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_scheduled_job' })
  name!: string;

  @Column({ type: 'timestamptz', nullable: true })
  lastStartedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastFinishedAt!: Date | null;

  @Column({ type: 'jsonb', nullable: true })
  lastResult!: object | null;
}
