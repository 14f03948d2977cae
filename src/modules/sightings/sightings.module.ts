import { Module } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { MulterModule } from '@nestjs/platform-express';
import { join } from 'node:path';
import { TypeOrmModule } from '@nestjs/typeorm';
import { appConfig, importConfig } from '../../config/configuration';
import { AuditModule } from '../audit/audit.module';
import { DetectionModule } from '../detection/detection.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { ViolationsModule } from '../violations/violations.module';
import { LocalDiskPhotoStore, PHOTO_STORE } from './photos/photo-store';
import { SightingPhoto } from './photos/sighting-photo.entity';
import { SightingPhotosController } from './photos/sighting-photos.controller';
import { SightingPhotosService } from './photos/sighting-photos.service';
import { SightingBatchService } from './sighting-batch.service';
import { SightingIntake } from './sighting-intake.service';
import { SightingRecorder } from './sighting-recorder.service';
import { Sighting } from './sighting.entity';
import { SightingsController } from './sightings.controller';
import { SightingsService } from './sightings.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([Sighting, SightingPhoto]),
    // Photos are held in memory while checked (a few megabytes at most); one file per request.
    MulterModule.registerAsync({
      inject: [importConfig.KEY],
      useFactory: (limits: ConfigType<typeof importConfig>) => ({ limits: { fileSize: limits.maxPhotoBytes, files: 1 } }),
    }),
    DetectionModule,
    IncidentsModule,
    ViolationsModule,
    AuditModule,
  ],
  controllers: [SightingsController, SightingPhotosController],
  providers: [
    SightingIntake,
    SightingRecorder,
    SightingsService,
    SightingBatchService,
    SightingPhotosService,
    {
      provide: PHOTO_STORE,
      inject: [appConfig.KEY],
      useFactory: (app: ConfigType<typeof appConfig>) => new LocalDiskPhotoStore(join(app.dataDir, 'photos')),
    },
  ],
})
export class SightingsModule {}
