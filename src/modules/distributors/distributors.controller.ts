import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentActor, Roles } from '../../common/auth/auth.decorators';
import type { Actor } from '../../common/auth/roles';
import { ApiOneOrMany } from '../../common/http/api-one-or-many';
import { ParseIdPipe } from '../../common/validation/parse-id.pipe';
import { DistributorsService } from './distributors.service';
import { CreateDistributorDto, DistributorDto, DistributorPageDto, ListDistributorsQueryDto, UpdateDistributorDto } from './dto/distributor.dto';
import { CreateGrantDto, EndGrantDto, GrantDto, GrantListDto, GrantPageDto, ListGrantsQueryDto } from './dto/territory.dto';
import { TerritoriesService } from './territories.service';

@ApiTags('distributors')
@Authenticated()
@Controller('distributors')
export class DistributorsController {
  constructor(
    private readonly distributors: DistributorsService,
    private readonly territories: TerritoriesService,
  ) {}

  @Post()
  @Roles('admin', 'channel_manager')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateDistributorDto): Promise<DistributorDto> {
    return this.distributors.create(actor, dto);
  }

  @Get()
  @Roles('admin', 'channel_manager', 'field_rep', 'distributor')
  @ApiOperation({ summary: 'Distributors by code; a distributor sees only itself' })
  list(@CurrentActor() actor: Actor, @Query() query: ListDistributorsQueryDto): Promise<DistributorPageDto> {
    return this.distributors.list(actor, query);
  }

  @Get(':code')
  @Roles('admin', 'channel_manager', 'field_rep', 'distributor')
  get(@CurrentActor() actor: Actor, @Param('code') code: string): Promise<DistributorDto> {
    return this.distributors.get(actor, code);
  }

  @Patch(':code')
  @Roles('admin', 'channel_manager')
  @ApiOperation({ summary: 'Change name, tier, parent, home region or status (suspend, terminate); audited' })
  update(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() dto: UpdateDistributorDto): Promise<DistributorDto> {
    return this.distributors.update(actor, code, dto);
  }

  @Post(':code/territories')
  @Roles('admin', 'channel_manager')
  @ApiOperation({
    summary: 'Grant one territory, or many at once (all or nothing)',
    description: "An exclusive grant overlapping another distributor's exclusive grant is refused with 409 naming it, unless one works under the other.",
  })
  @ApiOneOrMany(CreateGrantDto, GrantDto, GrantListDto)
  grant(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() body: unknown): Promise<GrantDto | GrantListDto> {
    return this.territories.grant(actor, code, body);
  }

  @Get(':code/territories')
  @Roles('admin', 'channel_manager', 'field_rep', 'distributor')
  listGrants(@CurrentActor() actor: Actor, @Param('code') code: string, @Query() query: ListGrantsQueryDto): Promise<GrantPageDto> {
    return this.territories.list(actor, code, query);
  }

  @Post(':code/territories/:id/end')
  @HttpCode(200)
  @Roles('admin', 'channel_manager')
  @ApiOperation({ summary: "Set a grant's last day (inclusive)" })
  endGrant(@CurrentActor() actor: Actor, @Param('code') code: string, @Param('id', ParseIdPipe) id: string, @Body() dto: EndGrantDto): Promise<GrantDto> {
    return this.territories.end(actor, code, id, dto);
  }
}
