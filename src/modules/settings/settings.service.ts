import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor } from '../../common/auth/roles';
import { AuditService } from '../audit/audit.service';
import { DEFAULT_DETECTION_SETTINGS, DetectionSettings } from './detection-settings';
import { DetectionSettingsDto } from './dto/detection-settings.dto';
import { RebateSettingsDto } from './dto/rebate-settings.dto';
import { ReconciliationSettingsDto } from './dto/reconciliation-settings.dto';
import { WorkflowSettingsDto } from './dto/workflow-settings.dto';
import { DEFAULT_REBATE_SETTINGS, REBATE_SETTINGS_KEY, RebateSettings } from './rebate-settings';
import { DEFAULT_RECONCILIATION_SETTINGS, RECONCILIATION_SETTINGS_KEY, ReconciliationSettings } from './reconciliation-settings';
import { Setting } from './setting.entity';
import { DEFAULT_WORKFLOW_SETTINGS, WORKFLOW_SETTINGS_KEY, WorkflowSettings } from './workflow-settings';

const DETECTION = 'detection';

@Injectable()
export class SettingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** The stored detection settings, or the defaults. */
  detection(manager?: EntityManager): Promise<DetectionSettings> {
    return this.read(DETECTION, DEFAULT_DETECTION_SETTINGS, manager);
  }

  updateDetection(actor: Actor, dto: DetectionSettingsDto): Promise<DetectionSettings> {
    return this.replace(actor, DETECTION, dto, DEFAULT_DETECTION_SETTINGS);
  }

  /** The stored workflow settings (SLA, four eyes, compensation), or the defaults. */
  workflow(manager?: EntityManager): Promise<WorkflowSettings> {
    return this.read(WORKFLOW_SETTINGS_KEY, DEFAULT_WORKFLOW_SETTINGS, manager);
  }

  updateWorkflow(actor: Actor, dto: WorkflowSettingsDto): Promise<WorkflowSettings> {
    return this.replace(actor, WORKFLOW_SETTINGS_KEY, dto, DEFAULT_WORKFLOW_SETTINGS);
  }

  /** The stored reconciliation settings (tolerance, window), or the defaults. */
  reconciliation(manager?: EntityManager): Promise<ReconciliationSettings> {
    return this.read(RECONCILIATION_SETTINGS_KEY, DEFAULT_RECONCILIATION_SETTINGS, manager);
  }

  updateReconciliation(actor: Actor, dto: ReconciliationSettingsDto): Promise<ReconciliationSettings> {
    return this.replace(actor, RECONCILIATION_SETTINGS_KEY, dto, DEFAULT_RECONCILIATION_SETTINGS);
  }

  /** The stored rebate settings (period ends, the chasing signal), or the defaults. */
  rebate(manager?: EntityManager): Promise<RebateSettings> {
    return this.read(REBATE_SETTINGS_KEY, DEFAULT_REBATE_SETTINGS, manager);
  }

  updateRebate(actor: Actor, dto: RebateSettingsDto): Promise<RebateSettings> {
    return this.replace(actor, REBATE_SETTINGS_KEY, dto, DEFAULT_REBATE_SETTINGS);
  }

  /** A setting as stored, or its defaults. */
  private async read<T extends object>(key: string, defaults: T, manager: EntityManager = this.dataSource.manager): Promise<T> {
    const row = await manager.findOne(Setting, { where: { key } });
    return (row?.value as T | undefined) ?? defaults;
  }

  private async replace<T extends object>(actor: Actor, key: string, dto: T, defaults: T): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      const before = await this.read(key, defaults, manager);
      const value = JSON.parse(JSON.stringify(dto)) as T;
      await manager.upsert(Setting, { key, value, updatedBy: actor.id }, ['key']);
      await this.audit.record(manager, actor, { action: 'settings.updated', entityType: 'setting', entityId: key, before, after: value });
      return value;
    });
  }
}
