import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One recorded change. Append-only: the database refuses UPDATE, DELETE and TRUNCATE. */
@Entity('audit_event')
@Index('idx_audit_event_entity', ['entityType', 'entityId', 'id'])
@Index('idx_audit_event_actor', ['actorId', 'id'])
export class AuditEvent {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS', primaryKeyConstraintName: 'pk_audit_event' })
  id!: string;

  @Column({ type: 'timestamptz', default: () => 'clock_timestamp()' })
  at!: Date;

  @Column({ type: 'text' })
  actorKind!: 'user' | 'api_key' | 'system';

  @Column({ type: 'text', nullable: true })
  actorId!: string | null;

  @Column({ type: 'text' })
  actorLabel!: string;

  @Column({ type: 'text' })
  action!: string;

  @Column({ type: 'text' })
  entityType!: string;

  @Column({ type: 'text' })
  entityId!: string;

  @Column({ type: 'jsonb', nullable: true })
  before!: object | null;

  @Column({ type: 'jsonb', nullable: true })
  after!: object | null;

  @Column({ type: 'text', nullable: true })
  requestId!: string | null;
}
