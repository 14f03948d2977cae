import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Distributor } from '../distributors/distributor.entity';
import { Incident } from '../incidents/incident.entity';
import { Region } from '../regions/region.entity';

/** A distributor's report that someone is dumping into its territory; it opened or joined `incidentId`, as one of its victims. */
@Entity('complaint')
@Check('ck_complaint_not_self', `"against_distributor_code" IS DISTINCT FROM "complainant_code"`)
@Index('idx_complaint_complainant', ['complainantCode', 'id'])
@Index('idx_complaint_incident', ['incidentId'])
export class Complaint {
  @PrimaryColumn({ type: 'uuid', default: () => 'uuid_v7()', primaryKeyConstraintName: 'pk_complaint' })
  id!: string;

  @Column({ type: 'text' })
  complainantCode!: string;

  @ManyToOne(() => Distributor, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'complainant_code', referencedColumnName: 'code', foreignKeyConstraintName: 'fk_complaint_complainant' })
  complainant?: Distributor;

  @Column({ type: 'text' })
  regionCode!: string;

  @ManyToOne(() => Region, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'region_code', referencedColumnName: 'code', foreignKeyConstraintName: 'fk_complaint_region' })
  region?: Region;

  @Column({ type: 'text' })
  provinceCode!: string;

  @Column({ type: 'text' })
  productLine!: string;

  @Column({ type: 'text', nullable: true })
  sku!: string | null;

  @Column({ type: 'text', nullable: true })
  againstDistributorCode!: string | null;

  @ManyToOne(() => Distributor, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'against_distributor_code', referencedColumnName: 'code', foreignKeyConstraintName: 'fk_complaint_against' })
  against?: Distributor;

  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'uuid' })
  incidentId!: string;

  @ManyToOne(() => Incident, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'incident_id', foreignKeyConstraintName: 'fk_complaint_incident' })
  incident?: Incident;

  /** Whether it opened the incident (rather than joining one already open). */
  @Column({ type: 'boolean' })
  openedIncident!: boolean;

  @Column({ type: 'text' })
  createdBy!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
