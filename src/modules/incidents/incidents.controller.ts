import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentActor, Roles } from '../../common/auth/auth.decorators';
import type { Actor } from '../../common/auth/roles';
import { ParseIdPipe } from '../../common/validation/parse-id.pipe';
import { IncidentDetailDto, IncidentPageDto, ListIncidentsQueryDto } from './dto/incident.dto';
import { IncidentsService } from './incidents.service';

@ApiTags('incidents')
@Authenticated()
@Controller('incidents')
export class IncidentsController {
  constructor(private readonly incidents: IncidentsService) {}

  @Get()
  @Roles('admin', 'channel_manager', 'distributor', 'field_rep')
  @ApiOperation({ summary: 'Incidents, newest first; filter by status, severity, offender, region, product line, assignee, overdue' })
  list(@CurrentActor() actor: Actor, @Query() query: ListIncidentsQueryDto): Promise<IncidentPageDto> {
    return this.incidents.list(actor, query);
  }

  @Get(':id')
  @Roles('admin', 'channel_manager', 'distributor', 'field_rep')
  @ApiOperation({ summary: 'An incident with its scale, victims and violations summary' })
  get(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string): Promise<IncidentDetailDto> {
    return this.incidents.get(actor, id);
  }
}
