import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Authenticated, CurrentActor, Roles } from '../../common/auth/auth.decorators';
import type { Actor } from '../../common/auth/roles';
import { collectPages, CSV_EXPORT_MAX_ROWS, CsvColumn, csvResponse, toCsv, wantsCsv } from '../../common/csv/csv-export';
import { ParseIdPipe } from '../../common/validation/parse-id.pipe';
import { ListViolationsQueryDto, ViolationDto, ViolationPageDto } from './dto/violation.dto';
import { ViolationsService } from './violations.service';

const VIOLATION_CSV_COLUMNS: Array<CsvColumn<ViolationDto>> = [
  ['id', (v) => v.id],
  ['type', (v) => v.type],
  ['status', (v) => v.status],
  ['source_kind', (v) => v.source.kind],
  ['source_id', (v) => v.source.id],
  ['report_ref', (v) => v.source.reportRef],
  ['line_no', (v) => v.source.lineNo],
  ['offender_code', (v) => v.offenderCode],
  ['victim_codes', (v) => v.victimCodes],
  ['region_code', (v) => v.regionCode],
  ['province_code', (v) => v.provinceCode],
  ['sku', (v) => v.sku],
  ['product_line', (v) => v.productLine],
  ['quantity', (v) => v.quantity],
  ['unit_price', (v) => v.unitPrice],
  ['floor_price', (v) => v.floorPrice],
  ['occurred_on', (v) => v.occurredOn],
  ['confidence', (v) => v.confidence],
  ['incident_id', (v) => v.incidentId],
  ['detected_at', (v) => v.detectedAt],
];

@ApiTags('violations')
@Authenticated()
@Controller('violations')
export class ViolationsController {
  constructor(private readonly violations: ViolationsService) {}

  @Get()
  @Roles('admin', 'channel_manager', 'distributor')
  @ApiOperation({
    summary: 'Violations, newest first; filter by type, status, offender, region, date, incident, report, SKU; a distributor sees those against it',
    description: `With Accept: text/csv, every violation the filters match as CSV (up to ${CSV_EXPORT_MAX_ROWS}; X-Next-Cursor continues).`,
  })
  @ApiProduces('application/json', 'text/csv')
  async list(
    @CurrentActor() actor: Actor,
    @Query() query: ListViolationsQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ViolationPageDto | string> {
    if (!wantsCsv(accept)) return this.violations.list(actor, query);
    const all = await collectPages(query, (page) => this.violations.list(actor, page));
    csvResponse(response, 'violations', all.nextCursor);
    return toCsv(VIOLATION_CSV_COLUMNS, all.items);
  }

  @Get(':id')
  @Roles('admin', 'channel_manager', 'distributor')
  get(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string): Promise<ViolationDto> {
    return this.violations.get(actor, id);
  }
}
