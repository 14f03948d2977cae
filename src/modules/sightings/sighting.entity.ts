import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const PRICE_LEVELS = ['retail', 'wholesale'] as const;
export type PriceLevel = (typeof PRICE_LEVELS)[number];

/** A field rep's observation in a market, with what detection made of it (`result`, the answer it was given). */
@Entity('sighting')
@Check('ck_sighting_price', `"observed_price" > 0`)
@Check('ck_sighting_price_level', `"price_level" IN ('retail', 'wholesale')`)
@Check('ck_sighting_lat', `"lat" BETWEEN -90 AND 90`)
@Check('ck_sighting_lon', `"lon" BETWEEN -180 AND 180`)
@Index('uq_sighting_idempotency', ['reportedBy', 'idempotencyKey'], { unique: true, where: `"idempotency_key" IS NOT NULL` })
@Index('idx_sighting_reporter', ['reportedBy', 'id'])
@Index('idx_sighting_observed_on', ['observedOn'])
export class Sighting {
  @PrimaryColumn({ type: 'uuid', default: () => 'uuid_v7()', primaryKeyConstraintName: 'pk_sighting' })
  id!: string;

  @Column({ type: 'timestamptz' })
  observedAt!: Date;

  /** The business date of observedAt (the service's time zone): the day the violations occurred on. */
  @Column({ type: 'date' })
  observedOn!: string;

  @Column({ type: 'text' })
  regionCode!: string;

  @Column({ type: 'text' })
  provinceCode!: string;

  @Column({ type: 'numeric', precision: 9, scale: 6, nullable: true })
  lat!: string | null;

  @Column({ type: 'numeric', precision: 9, scale: 6, nullable: true })
  lon!: string | null;

  @Column({ type: 'text', nullable: true })
  storeName!: string | null;

  @Column({ type: 'text' })
  sku!: string;

  @Column({ type: 'text' })
  productLine!: string;

  @Column({ type: 'numeric', precision: 18, scale: 4 })
  observedPrice!: string;

  @Column({ type: 'text', default: 'retail' })
  priceLevel!: PriceLevel;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  codes!: string[];

  @Column({ type: 'text', nullable: true })
  lot!: string | null;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ type: 'uuid', nullable: true })
  reportedBy!: string | null;

  @Column({ type: 'text' })
  reportedByLabel!: string;

  @Column({ type: 'text', nullable: true })
  idempotencyKey!: string | null;

  /** SHA-256 of the request as sent: the same Idempotency-Key with another body is refused. */
  @Column({ type: 'text' })
  requestHash!: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  result!: object;

  /** The incidents it opened: its reporter may read them. */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  openedIncidentIds!: string[];

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
