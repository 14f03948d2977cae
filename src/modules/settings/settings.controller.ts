import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentActor, Roles } from '../../common/auth/auth.decorators';
import type { Actor } from '../../common/auth/roles';
import { DetectionSettingsDto } from './dto/detection-settings.dto';
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
}
