import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentActor, Roles } from '../../common/auth/auth.decorators';
import type { Actor } from '../../common/auth/roles';
import { ParseIdPipe } from '../../common/validation/parse-id.pipe';
import { ComplaintsService } from './complaints.service';
import { ComplaintDto, ComplaintPageDto, CreateComplaintDto, ListComplaintsQueryDto } from './dto/complaint.dto';

@ApiTags('complaints')
@Authenticated()
@Controller('complaints')
export class ComplaintsController {
  constructor(private readonly complaints: ComplaintsService) {}

  @Post()
  @Roles('distributor', 'admin', 'channel_manager')
  @ApiOperation({
    summary: 'Complain that someone dumps into your territory: opens or joins the incident, with you among its victims',
    description:
      'The incident is the open one for (againstDistributorCode or none, the product line of sku or productLine, the province of regionCode), ' +
      'opened when there is none. A distributor complains as itself; a manager gives complainantCode. 422 names each unknown reference.',
  })
  @ApiCreatedResponse({ type: ComplaintDto })
  file(@CurrentActor() actor: Actor, @Body() dto: CreateComplaintDto): Promise<ComplaintDto> {
    return this.complaints.file(actor, dto);
  }

  @Get()
  @Roles('distributor', 'admin', 'channel_manager')
  @ApiOperation({ summary: 'Complaints, newest first; a distributor sees its own' })
  @ApiOkResponse({ type: ComplaintPageDto })
  list(@CurrentActor() actor: Actor, @Query() query: ListComplaintsQueryDto): Promise<ComplaintPageDto> {
    return this.complaints.list(actor, query);
  }

  @Get(':id')
  @Roles('distributor', 'admin', 'channel_manager')
  @ApiOperation({ summary: 'A complaint, with the incident that took it up' })
  @ApiOkResponse({ type: ComplaintDto })
  get(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string): Promise<ComplaintDto> {
    return this.complaints.get(actor, id);
  }
}
