import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Sighting } from '../sighting.entity';

export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type PhotoType = (typeof PHOTO_TYPES)[number];

/** A photo of a sighting: its bytes in the photo store under `storageKey`, their SHA-256 the evidence hash. */
@Entity('sighting_photo')
@Check('ck_sighting_photo_type', `"content_type" IN ('image/jpeg', 'image/png', 'image/webp')`)
@Check('ck_sighting_photo_size', `"byte_size" > 0`)
@Index('idx_sighting_photo_sighting', ['sightingId', 'id'])
export class SightingPhoto {
  @PrimaryColumn({ type: 'uuid', default: () => 'uuid_v7()', primaryKeyConstraintName: 'pk_sighting_photo' })
  id!: string;

  @Column({ type: 'uuid' })
  sightingId!: string;

  @ManyToOne(() => Sighting, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'sighting_id', foreignKeyConstraintName: 'fk_sighting_photo_sighting' })
  sighting?: Sighting;

  @Column({ type: 'text' })
  contentType!: PhotoType;

  @Column({ type: 'integer' })
  byteSize!: number;

  @Column({ type: 'text' })
  sha256!: string;

  @Column({ type: 'text' })
  storageKey!: string;

  @Column({ type: 'text', nullable: true })
  fileName!: string | null;

  @Column({ type: 'text' })
  uploadedBy!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
