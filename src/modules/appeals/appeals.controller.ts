import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentActor, Roles } from '../../common/auth/auth.decorators';
import type { Actor } from '../../common/auth/roles';
import { ParseIdPipe } from '../../common/validation/parse-id.pipe';
import { AppealsService } from './appeals.service';
import { AppealDto, AppealPageDto, CreateAppealDto, DecideAppealDto, ListAppealsQueryDto } from './dto/appeal.dto';

@ApiTags('appeals')
@Authenticated()
@Controller()
export class AppealsController {
  constructor(private readonly appeals: AppealsService) {}

  @Post('violations/:id/appeals')
  @Roles('distributor')
  @ApiOperation({
    summary: 'The accused distributor disputes a violation against it, with a reason and evidence',
    description: 'One undecided appeal per violation (409 APPEAL_PENDING); only an active violation is appealed (422 APPEAL_NOT_APPEALABLE).',
  })
  @ApiCreatedResponse({ type: AppealDto })
  file(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string, @Body() dto: CreateAppealDto): Promise<AppealDto> {
    return this.appeals.file(actor, id, dto);
  }

  @Get('appeals')
  @Roles('admin', 'channel_manager', 'distributor')
  @ApiOperation({ summary: 'Appeals, newest first; filter by status, violation, incident, distributor. A distributor sees its own.' })
  @ApiOkResponse({ type: AppealPageDto })
  list(@CurrentActor() actor: Actor, @Query() query: ListAppealsQueryDto): Promise<AppealPageDto> {
    return this.appeals.list(actor, query);
  }

  @Get('appeals/:id')
  @Roles('admin', 'channel_manager', 'distributor')
  @ApiOperation({ summary: 'An appeal' })
  @ApiOkResponse({ type: AppealDto })
  get(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string): Promise<AppealDto> {
    return this.appeals.get(actor, id);
  }

  @Post('appeals/:id/accept')
  @HttpCode(200)
  @Roles('admin', 'channel_manager')
  @ApiOperation({ summary: 'Accept an appeal: the violation is voided, its incident rescaled and regraded, its undecided claims proposed again' })
  @ApiOkResponse({ type: AppealDto })
  accept(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string, @Body() dto: DecideAppealDto): Promise<AppealDto> {
    return this.appeals.accept(actor, id, dto);
  }

  @Post('appeals/:id/reject')
  @HttpCode(200)
  @Roles('admin', 'channel_manager')
  @ApiOperation({ summary: 'Reject an appeal, with the reason' })
  @ApiOkResponse({ type: AppealDto })
  reject(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string, @Body() dto: DecideAppealDto): Promise<AppealDto> {
    return this.appeals.reject(actor, id, dto);
  }
}
