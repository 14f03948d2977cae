import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor } from '../../common/auth/roles';
import { AuditService } from '../audit/audit.service';
import { DetectionSettings, detectionSettingsOf } from './detection-settings';
import { DetectionSettingsDto } from './dto/detection-settings.dto';
import { Setting } from './setting.entity';
import { WorkflowSettingsDto } from './dto/workflow-settings.dto';
import { ReconciliationSettingsDto } from './dto/reconciliation-settings.dto';
import { RebateSettingsDto } from './dto/rebate-settings.dto';
import { REBATE_SETTINGS_KEY, RebateSettings, rebateSettingsOf } from './rebate-settings';
import { RECONCILIATION_SETTINGS_KEY, ReconciliationSettings, reconciliationSettingsOf } from './reconciliation-settings';
import { WORKFLOW_SETTINGS_KEY, WorkflowSettings, workflowSettingsOf } from './workflow-settings';

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
    return this.replace(actor, DETECTION, dto, (manager) => this.detection(manager));
  }

  /** The stored workflow settings (SLA, four eyes, compensation), or the defaults. */
  async workflow(manager: EntityManager = this.dataSource.manager): Promise<WorkflowSettings> {
    const row = await manager.findOne(Setting, { where: { key: WORKFLOW_SETTINGS_KEY } });
    return workflowSettingsOf(row?.value);
  }

  async updateWorkflow(actor: Actor, dto: WorkflowSettingsDto): Promise<WorkflowSettings> {
    return this.replace(actor, WORKFLOW_SETTINGS_KEY, dto, (manager) => this.workflow(manager));
  }

  /** The stored reconciliation settings (tolerance, window), or the defaults. */
  async reconciliation(manager: EntityManager = this.dataSource.manager): Promise<ReconciliationSettings> {
    const row = await manager.findOne(Setting, { where: { key: RECONCILIATION_SETTINGS_KEY } });
    return reconciliationSettingsOf(row?.value);
  }

  async updateReconciliation(actor: Actor, dto: ReconciliationSettingsDto): Promise<ReconciliationSettings> {
    return this.replace(actor, RECONCILIATION_SETTINGS_KEY, dto, (manager) => this.reconciliation(manager));
  }

  /** The stored rebate settings (period ends, the chasing signal), or the defaults. */
  async rebate(manager: EntityManager = this.dataSource.manager): Promise<RebateSettings> {
    const row = await manager.findOne(Setting, { where: { key: REBATE_SETTINGS_KEY } });
    return rebateSettingsOf(row?.value);
  }

  async updateRebate(actor: Actor, dto: RebateSettingsDto): Promise<RebateSettings> {
    return this.replace(actor, REBATE_SETTINGS_KEY, dto, (manager) => this.rebate(manager));
  }

  private async replace<T extends object>(actor: Actor, key: string, dto: T, current: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      const before = await current(manager);
      const value = JSON.parse(JSON.stringify(dto)) as T;
      await manager.upsert(Setting, { key, value, updatedBy: actor.id }, ['key']);
      await this.audit.record(manager, actor, { action: 'settings.updated', entityType: 'setting', entityId: key, before, after: value });
      return value;
    });
  }
}
