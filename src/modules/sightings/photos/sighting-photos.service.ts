import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { Actor } from '../../../common/auth/roles';
import { AuditService } from '../../audit/audit.service';
import { SightingsService } from '../sightings.service';
import { SightingsError } from '../sightings.errors';
import { PhotoDto, PhotoListDto } from './photo.dto';
import { PHOTO_STORE, type PhotoStore, sniffImageType } from './photo-store';
import { SightingPhoto } from './sighting-photo.entity';

/** The file a multipart upload carried. */
export interface UploadedPhoto {
  buffer: Buffer;
  originalname?: string;
}

const toPhotoDto = (photo: SightingPhoto): PhotoDto => ({
  id: photo.id,
  sightingId: photo.sightingId,
  contentType: photo.contentType,
  bytes: photo.byteSize,
  sha256: photo.sha256,
  fileName: photo.fileName,
  uploadedBy: photo.uploadedBy,
  createdAt: photo.createdAt.toISOString(),
  url: `/api/v1/sightings/${photo.sightingId}/photos/${photo.id}`,
});

/** Photos of sightings: JPEG, PNG or WebP by their content, kept in the photo store with their SHA-256. */
@Injectable()
export class SightingPhotosService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sightings: SightingsService,
    @Inject(PHOTO_STORE) private readonly store: PhotoStore,
    private readonly audit: AuditService,
  ) {}

  async add(actor: Actor, sightingId: string, file: UploadedPhoto | undefined): Promise<PhotoDto> {
    await this.sightings.visible(actor, sightingId);
    if (!file || file.buffer.length === 0) throw new SightingsError('PHOTO_MISSING', 'Send the photo as multipart/form-data in the field "photo"');
    const contentType = sniffImageType(file.buffer);
    if (!contentType) {
      throw new SightingsError('PHOTO_UNSUPPORTED_TYPE', 'The photo must be a JPEG, PNG or WebP image (judged by its content, not its name)');
    }
    const storageKey = randomUUID();
    await this.store.put(storageKey, file.buffer);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const photo = manager.create(SightingPhoto, {
          sightingId,
          contentType,
          byteSize: file.buffer.length,
          sha256: createHash('sha256').update(file.buffer).digest('hex'),
          storageKey,
          fileName: file.originalname ? file.originalname.slice(0, 200) : null,
          uploadedBy: actor.label,
        });
        await manager.insert(SightingPhoto, photo);
        const saved = await manager.findOneOrFail(SightingPhoto, { where: { id: photo.id } });
        const dto = toPhotoDto(saved);
        await this.audit.record(manager, actor, { action: 'sighting.photo_added', entityType: 'sighting', entityId: sightingId, after: dto });
        return dto;
      });
    } catch (error) {
      await this.store.remove(storageKey);
      throw error;
    }
  }

  async list(actor: Actor, sightingId: string): Promise<PhotoListDto> {
    await this.sightings.visible(actor, sightingId);
    const photos = await this.dataSource.getRepository(SightingPhoto).find({ where: { sightingId }, order: { id: 'ASC' } });
    return { items: photos.map(toPhotoDto) };
  }

  async read(actor: Actor, sightingId: string, photoId: string): Promise<{ photo: PhotoDto; bytes: Readable }> {
    await this.sightings.visible(actor, sightingId);
    const photo = await this.dataSource.getRepository(SightingPhoto).findOne({ where: { id: photoId, sightingId } });
    if (!photo) throw new SightingsError('PHOTO_NOT_FOUND', `No photo ${photoId} of sighting ${sightingId}`);
    const bytes = await this.store.read(photo.storageKey);
    if (!bytes) throw new SightingsError('PHOTO_NOT_FOUND', `The bytes of photo ${photoId} are missing from the photo store`);
    return { photo: toPhotoDto(photo), bytes };
  }
}
