import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Authenticated, CurrentActor, Roles } from '../../common/auth/auth.decorators';
import type { Actor } from '../../common/auth/roles';
import { ParseIdPipe } from '../../common/validation/parse-id.pipe';
import { CreateShipmentDto, ListShipmentsQueryDto, ShipmentDetailDto, ShipmentImportResultDto, ShipmentPageDto, ShipmentResultDto } from './dto/shipment.dto';
import { ShipmentImportService } from './shipment-import.service';
import { ShipmentsService } from './shipments.service';
import { SHIPMENT_COLUMNS } from './shipment-staging.sql';

const OUTCOMES =
  '201 recorded; 200 the same shipment again (duplicate: true, nothing stored); 409 the same shipmentRef with other content, or codes ' +
  'already bound by another shipment (named); 422 with every problem by line (the first 100 and the total), nothing stored.';

@ApiTags('shipments')
@Authenticated()
@Controller('shipments')
export class ShipmentsController {
  constructor(
    private readonly imports: ShipmentImportService,
    private readonly shipments: ShipmentsService,
  ) {}

  @Post()
  @Roles('admin', 'channel_manager')
  @ApiOperation({ summary: 'Record a shipment to a distributor (sell-in); its serials, ranges and lots bind to it', description: OUTCOMES })
  @ApiOkResponse({ type: ShipmentResultDto, description: 'The same shipment was recorded before (duplicate: true)' })
  async create(@CurrentActor() actor: Actor, @Body() dto: CreateShipmentDto, @Res({ passthrough: true }) response: Response): Promise<ShipmentResultDto> {
    const outcome = await this.imports.createJson(actor, dto);
    response.status(outcome.status);
    return outcome.result;
  }

  @Post('import')
  @Roles('admin', 'channel_manager')
  @ApiOperation({
    summary: 'Shipments as a CSV file, streamed (text/csv; gzip accepted with Content-Encoding: gzip)',
    description: `Columns: ${SHIPMENT_COLUMNS.join(',')} (one shipment line per row, header required). ${OUTCOMES}`,
  })
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiOkResponse({ type: ShipmentImportResultDto, description: 'Every shipment in the file was recorded before' })
  async importCsv(@CurrentActor() actor: Actor, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<ShipmentImportResultDto> {
    const outcome = await this.imports.importCsv(actor, request);
    response.status(outcome.status);
    return outcome.result;
  }

  @Get()
  @Roles('admin', 'channel_manager', 'distributor')
  @ApiOperation({ summary: 'Shipments, newest first; a distributor sees those to it' })
  list(@CurrentActor() actor: Actor, @Query() query: ListShipmentsQueryDto): Promise<ShipmentPageDto> {
    return this.shipments.list(actor, query);
  }

  @Get(':id')
  @Roles('admin', 'channel_manager', 'distributor')
  @ApiOperation({ summary: 'A shipment with its first 1,000 lines and their codes' })
  get(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string): Promise<ShipmentDetailDto> {
    return this.shipments.get(actor, id);
  }
}
