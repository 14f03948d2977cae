import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentActor, Roles } from '../../common/auth/auth.decorators';
import type { Actor } from '../../common/auth/roles';
import { ApiOneOrMany } from '../../common/http/api-one-or-many';
import { ParseIdPipe } from '../../common/validation/parse-id.pipe';
import {
  ApplicableFloorDto,
  ApplicableFloorQueryDto,
  CreatePriceFloorDto,
  EndPriceFloorDto,
  ListPriceFloorsQueryDto,
  PriceFloorDto,
  PriceFloorListDto,
  PriceFloorPageDto,
} from './dto/price-floor.dto';
import { PriceFloorsService } from './price-floors.service';

@ApiTags('catalog')
@Authenticated()
@Controller('price-floors')
export class PriceFloorsController {
  constructor(private readonly floors: PriceFloorsService) {}

  @Post()
  @Roles('admin', 'channel_manager')
  @ApiOperation({ summary: 'Create one price floor, or many at once (all or nothing); overlapping floors of the same scope are refused with 409' })
  @ApiOneOrMany(CreatePriceFloorDto, PriceFloorDto, PriceFloorListDto)
  create(@CurrentActor() actor: Actor, @Body() body: unknown): Promise<PriceFloorDto | PriceFloorListDto> {
    return this.floors.create(actor, body);
  }

  @Get()
  @Roles('admin', 'channel_manager', 'field_rep')
  list(@Query() query: ListPriceFloorsQueryDto): Promise<PriceFloorPageDto> {
    return this.floors.list(query);
  }

  @Get('applicable')
  @Roles('admin', 'channel_manager', 'field_rep')
  @ApiOperation({ summary: 'The floor that applies to a SKU in a region and channel on a day (SKU > line; deeper region; channel-specific)' })
  applicable(@Query() query: ApplicableFloorQueryDto): Promise<ApplicableFloorDto> {
    return this.floors.applicable(query);
  }

  @Get(':id')
  @Roles('admin', 'channel_manager', 'field_rep')
  get(@Param('id', ParseIdPipe) id: string): Promise<PriceFloorDto> {
    return this.floors.get(id);
  }

  @Post(':id/end')
  @HttpCode(200)
  @Roles('admin', 'channel_manager')
  @ApiOperation({ summary: "Set the floor's last day" })
  end(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string, @Body() dto: EndPriceFloorDto): Promise<PriceFloorDto> {
    return this.floors.end(actor, id, dto);
  }
}
