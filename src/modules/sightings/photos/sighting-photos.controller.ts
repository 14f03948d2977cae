import { Controller, Get, Param, Post, Res, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Authenticated, CurrentActor, Roles } from '../../../common/auth/auth.decorators';
import type { Actor } from '../../../common/auth/roles';
import { ParseIdPipe } from '../../../common/validation/parse-id.pipe';
import { PhotoDto, PhotoListDto } from './photo.dto';
import { SightingPhotosService, type UploadedPhoto } from './sighting-photos.service';

@ApiTags('sightings')
@Authenticated()
@Controller('sightings/:id/photos')
export class SightingPhotosController {
  constructor(private readonly photos: SightingPhotosService) {}

  @Post()
  @Roles('field_rep', 'admin', 'channel_manager')
  @UseInterceptors(FileInterceptor('photo'))
  @ApiOperation({
    summary: 'Add a photo to a sighting (multipart/form-data, field "photo")',
    description: 'JPEG, PNG or WebP, judged by the content (415 otherwise); larger than PHOTO_MAX_BYTES is 413. The answer carries its SHA-256.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { photo: { type: 'string', format: 'binary' } }, required: ['photo'] } })
  @ApiCreatedResponse({ type: PhotoDto })
  add(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string, @UploadedFile() file: UploadedPhoto | undefined): Promise<PhotoDto> {
    return this.photos.add(actor, id, file);
  }

  @Get()
  @Roles('field_rep', 'admin', 'channel_manager')
  @ApiOperation({ summary: 'The photos of a sighting' })
  @ApiOkResponse({ type: PhotoListDto })
  list(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string): Promise<PhotoListDto> {
    return this.photos.list(actor, id);
  }

  @Get(':photoId')
  @Roles('field_rep', 'admin', 'channel_manager')
  @ApiOperation({ summary: 'A photo of a sighting, as uploaded' })
  @ApiProduces('image/jpeg', 'image/png', 'image/webp')
  async read(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Param('photoId', ParseIdPipe) photoId: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    const { photo, bytes } = await this.photos.read(actor, id, photoId);
    response.setHeader('ETag', `"${photo.sha256}"`);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    return new StreamableFile(bytes, { type: photo.contentType, length: photo.bytes });
  }
}
