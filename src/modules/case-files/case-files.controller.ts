import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Authenticated, CurrentActor, Roles } from '../../common/auth/auth.decorators';
import type { Actor } from '../../common/auth/roles';
import { ParseIdPipe } from '../../common/validation/parse-id.pipe';
import { etagOf } from '../incidents/incidents.controller';
import { CaseFileService } from './case-file.service';
import { IncidentDetailDto } from './dto/incident-detail.dto';

@ApiTags('incidents')
@Authenticated()
@Controller('incidents')
export class CaseFilesController {
  constructor(private readonly caseFiles: CaseFileService) {}

  @Get(':id')
  @Roles('admin', 'channel_manager', 'distributor', 'field_rep')
  @ApiOperation({
    summary: 'An incident with its scale, victims, violations summary, actions, claims and the start of its timeline',
    description:
      'Its version comes back as ETag too. A distributor sees what concerns it: a victim its own claims and which kinds of enforcement were ' +
      'taken; the offender its penalties and cutoffs.',
  })
  @ApiOkResponse({ type: IncidentDetailDto })
  async get(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string, @Res({ passthrough: true }) response: Response): Promise<IncidentDetailDto> {
    const incident = await this.caseFiles.get(actor, id);
    response.setHeader('ETag', etagOf(incident.version));
    return incident;
  }
}
