import { Body, Controller, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { Authenticated, CurrentActor, Roles } from '../../common/auth/auth.decorators';
import type { Actor } from '../../common/auth/roles';
import { ListRegionsQueryDto, RegionDetailDto, RegionInputDto, RegionPageDto, RegionUpsertResultDto } from './dto/region.dto';
import { RegionsService } from './regions.service';

@ApiTags('regions')
@Authenticated()
@Controller('regions')
export class RegionsController {
  constructor(private readonly regions: RegionsService) {}

  @Put()
  @HttpCode(200)
  @Roles('admin', 'channel_manager')
  @ApiOperation({
    summary: 'Bulk upsert of regions by code (up to 100,000 per call), all or nothing',
    description:
      'Parents must exist already or be in the same payload; a child must be deeper than its parent; no cycles. ' +
      'Problems are listed by array index (the first 100, with the total) and nothing is stored.',
  })
  @ApiBody({ type: [RegionInputDto] })
  @ApiUnprocessableEntityResponse({ description: 'Unknown parent, cycle, or a level not deeper than its parent' })
  upsert(@CurrentActor() actor: Actor, @Body() body: unknown): Promise<RegionUpsertResultDto> {
    return this.regions.upsert(actor, body);
  }

  @Get()
  @Roles('admin', 'channel_manager', 'field_rep')
  @ApiOperation({ summary: 'Regions by code; filter by parent, descendants of a region, level, or name' })
  list(@Query() query: ListRegionsQueryDto): Promise<RegionPageDto> {
    return this.regions.list(query);
  }

  @Get(':code')
  @Roles('admin', 'channel_manager', 'field_rep')
  @ApiOperation({ summary: 'A region with its path from the root' })
  get(@Param('code') code: string): Promise<RegionDetailDto> {
    return this.regions.get(code);
  }
}
