import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentActor, Roles } from '../../common/auth/auth.decorators';
import type { Actor } from '../../common/auth/roles';
import { ParseIdPipe } from '../../common/validation/parse-id.pipe';
import { ListViolationsQueryDto, ViolationDto, ViolationPageDto } from './dto/violation.dto';
import { ViolationsService } from './violations.service';

@ApiTags('violations')
@Authenticated()
@Controller('violations')
export class ViolationsController {
  constructor(private readonly violations: ViolationsService) {}

  @Get()
  @Roles('admin', 'channel_manager', 'distributor')
  @ApiOperation({
    summary: 'Violations, newest first; filter by type, status, offender, region, date, incident, report, SKU; a distributor sees those against it',
  })
  list(@CurrentActor() actor: Actor, @Query() query: ListViolationsQueryDto): Promise<ViolationPageDto> {
    return this.violations.list(actor, query);
  }

  @Get(':id')
  @Roles('admin', 'channel_manager', 'distributor')
  get(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string): Promise<ViolationDto> {
    return this.violations.get(actor, id);
  }
}
