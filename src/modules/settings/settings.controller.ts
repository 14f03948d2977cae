import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentActor, Roles } from '../../common/auth/auth.decorators';
import type { Actor } from '../../common/auth/roles';
import { DetectionSettingsDto } from './dto/detection-settings.dto';
import { WorkflowSettingsDto } from './dto/workflow-settings.dto';
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
}
