import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** The brand's shipment to a distributor (sell-in). Shipping a serial, range or lot binds it to that distributor. */
@Entity('shipment')
@Index('idx_shipment_distributor', ['distributorCode', 'shippedAt'])
export class Shipment {
  @PrimaryColumn({ type: 'uuid', default: () => 'uuid_v7()', primaryKeyConstraintName: 'pk_shipment' })
  id!: string;

  @Index('uq_shipment_ref', { unique: true })
  @Column({ type: 'text' })
  shipmentRef!: string;

  @Column({ type: 'text' })
  distributorCode!: string;

  @Column({ type: 'timestamptz' })
  shippedAt!: Date;

  /** SHA-256 of the normalised content: a re-sent shipment is recognised, a changed one refused. */
  @Column({ type: 'text' })
  contentHash!: string;

  @Column({ type: 'integer' })
  lineCount!: number;

  @Column({ type: 'bigint' })
  unitCount!: string;

  /** Serial codes bound (each range counts all its codes). */
  @Column({ type: 'bigint' })
  codeCount!: string;

  @Column({ type: 'text' })
  source!: 'json' | 'csv';

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
