import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentActor, Roles } from '../../common/auth/auth.decorators';
import type { Actor } from '../../common/auth/roles';
import { ParseIdPipe } from '../../common/validation/parse-id.pipe';
import {
  CreatePermitDto,
  ListPermitsQueryDto,
  PermitDto,
  PermitPageDto,
  RevokePermitDto,
  TerritoryCheckDto,
  TerritoryCheckQueryDto,
} from './dto/territory.dto';
import { TerritoryCheckService } from './territory-check.service';
import { TransferPermitsService } from './transfer-permits.service';

@ApiTags('distributors')
@Authenticated()
@Controller()
export class TransferPermitsController {
  constructor(
    private readonly permits: TransferPermitsService,
    private readonly territoryCheck: TerritoryCheckService,
  ) {}

  @Post('transfer-permits')
  @Roles('admin', 'channel_manager')
  @ApiOperation({ summary: 'Authorise a cross-territory sale: matching lines are recorded as permitted, not as violations' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreatePermitDto): Promise<PermitDto> {
    return this.permits.create(actor, dto);
  }

  @Get('transfer-permits')
  @Roles('admin', 'channel_manager', 'field_rep', 'distributor')
  @ApiOperation({ summary: 'Transfer permits; a distributor sees only its own' })
  list(@CurrentActor() actor: Actor, @Query() query: ListPermitsQueryDto): Promise<PermitPageDto> {
    return this.permits.list(actor, query);
  }

  @Get('transfer-permits/:id')
  @Roles('admin', 'channel_manager', 'field_rep', 'distributor')
  get(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string): Promise<PermitDto> {
    return this.permits.get(actor, id);
  }

  @Post('transfer-permits/:id/revoke')
  @HttpCode(200)
  @Roles('admin', 'channel_manager')
  revoke(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string, @Body() dto: RevokePermitDto): Promise<PermitDto> {
    return this.permits.revoke(actor, id, dto);
  }

  @Get('territory-check')
  @Roles('admin', 'channel_manager', 'field_rep', 'distributor')
  @ApiOperation({
    summary: 'May this distributor sell this SKU in this region, in this channel, on this date?',
    description: 'inTerritory: a grant covers it; allowed: a grant or a live transfer permit does; otherHolders: who would be the victims.',
  })
  check(@CurrentActor() actor: Actor, @Query() query: TerritoryCheckQueryDto): Promise<TerritoryCheckDto> {
    return this.territoryCheck.check(actor, query);
  }
}
