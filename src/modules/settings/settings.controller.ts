import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentActor, Roles } from '../../common/auth/auth.decorators';
import type { Actor } from '../../common/auth/roles';
import { DetectionSettingsDto } from './dto/detection-settings.dto';
import { WorkflowSettingsDto } from './dto/workflow-settings.dto';
import { ReconciliationSettingsDto } from './dto/reconciliation-settings.dto';
import { RebateSettingsDto } from './dto/rebate-settings.dto';
import { SettingsService } from './settings.service';

@ApiTags('settings')
@Authenticated()
@Controller('settings')
export class SettingsController {
  constructor(private readonly settings: SettingsService) {}

  @Get('detection')
  @Roles('admin', 'channel_manager')
  @ApiOperation({ summary: 'Severity thresholds used when incidents are scaled' })
  detection(): Promise<DetectionSettingsDto> {
    return this.settings.detection();
  }

  @Put('detection')
  @Roles('admin')
  @ApiOperation({ summary: 'Replace the detection settings (admin); applies to incidents as violations next join them' })
  updateDetection(@CurrentActor() actor: Actor, @Body() dto: DetectionSettingsDto): Promise<DetectionSettingsDto> {
    return this.settings.updateDetection(actor, dto);
  }

  @Get('workflow')
  @Roles('admin', 'channel_manager')
  @ApiOperation({ summary: 'Incident workflow settings: SLA hours per state, four-eyes closing, compensation threshold and lost-margin rates' })
  workflow(): Promise<WorkflowSettingsDto> {
    return this.settings.workflow();
  }

  @Put('workflow')
  @Roles('admin')
  @ApiOperation({ summary: 'Replace the workflow settings (admin); SLA changes apply from the next transition' })
  updateWorkflow(@CurrentActor() actor: Actor, @Body() dto: WorkflowSettingsDto): Promise<WorkflowSettingsDto> {
    return this.settings.updateWorkflow(actor, dto);
  }

  @Get('reconciliation')
  @Roles('admin', 'channel_manager')
  @ApiOperation({ summary: 'When short reported sell-out raises UNREPORTED_VOLUME: tolerance, window, minimum sell-in, how often it runs' })
  reconciliation(): Promise<ReconciliationSettingsDto> {
    return this.settings.reconciliation();
  }

  @Put('reconciliation')
  @Roles('admin')
  @ApiOperation({ summary: 'Replace the reconciliation settings (admin)' })
  updateReconciliation(@CurrentActor() actor: Actor, @Body() dto: ReconciliationSettingsDto): Promise<ReconciliationSettingsDto> {
    return this.settings.updateReconciliation(actor, dto);
  }

  @Get('rebate')
  @Roles('admin', 'channel_manager')
  @ApiOperation({ summary: 'When rebate periods end, and the rebate-chasing signal: window, baseline, factor' })
  rebate(): Promise<RebateSettingsDto> {
    return this.settings.rebate();
  }

  @Put('rebate')
  @Roles('admin')
  @ApiOperation({ summary: 'Replace the rebate settings (admin)' })
  updateRebate(@CurrentActor() actor: Actor, @Body() dto: RebateSettingsDto): Promise<RebateSettingsDto> {
    return this.settings.updateRebate(actor, dto);
  }
}
