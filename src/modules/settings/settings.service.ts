import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor } from '../../common/auth/roles';
import { AuditService } from '../audit/audit.service';
import { DetectionSettings, detectionSettingsOf } from './detection-settings';
import { DetectionSettingsDto } from './dto/detection-settings.dto';
import { Setting } from './setting.entity';

const DETECTION = 'detection';

@Injectable()
export class SettingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** The stored detection settings, or the defaults. */
  async detection(manager: EntityManager = this.dataSource.manager): Promise<DetectionSettings> {
    const row = await manager.findOne(Setting, { where: { key: DETECTION } });
    return detectionSettingsOf(row?.value);
  }

  async updateDetection(actor: Actor, dto: DetectionSettingsDto): Promise<DetectionSettings> {
    return this.dataSource.transaction(async (manager) => {
      const before = await this.detection(manager);
      const value = JSON.parse(JSON.stringify(dto)) as DetectionSettings;
      await manager.upsert(Setting, { key: DETECTION, value, updatedBy: actor.id }, ['key']);
      await this.audit.record(manager, actor, { action: 'settings.updated', entityType: 'setting', entityId: DETECTION, before, after: value });
      return value;
    });
  }
}
