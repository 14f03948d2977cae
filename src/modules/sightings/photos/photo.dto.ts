import { ApiProperty } from '@nestjs/swagger';
import { PHOTO_TYPES, type PhotoType } from './sighting-photo.entity';

export class PhotoDto {
  id!: string;
  sightingId!: string;
  @ApiProperty({ enum: PHOTO_TYPES })
  contentType!: PhotoType;
  bytes!: number;
  /** SHA-256 of the bytes as received, hex: the evidence hash. */
  sha256!: string;
  fileName!: string | null;
  uploadedBy!: string;
  createdAt!: string;
  /** Where to read it back (same access rules as the sighting). */
  url!: string;
}

export class PhotoListDto {
  items!: PhotoDto[];
}
