import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Authenticated, CurrentActor, Roles } from '../../common/auth/auth.decorators';
import type { Actor } from '../../common/auth/roles';
import { PageQueryDto } from '../../common/pagination/pagination';
import { ParseIdPipe } from '../../common/validation/parse-id.pipe';
import {
  CreateSalesReportDto,
  ImportResultDto,
  ImportSalesReportQueryDto,
  ListSalesReportsQueryDto,
  SalesLinePageDto,
  SalesReportDto,
  SalesReportPageDto,
  SupersedeQueryDto,
} from './dto/sales-report.dto';
import { ImportOutcome, SalesReportImportService } from './sales-report-import.service';
import { SalesReportsService } from './sales-reports.service';
import { SALES_COLUMNS } from './sales-staging.sql';

const REJECTED =
  '201 new report; 200 same reportRef and content as before (duplicate: true, nothing stored); 409 same reportRef, other content ' +
  '(send ?supersede=true to replace it); 422 with every problem by line (the first 100 and the total), nothing stored.';

@ApiTags('sales-reports')
@Authenticated()
@Controller('sales-reports')
export class SalesReportsController {
  constructor(
    private readonly imports: SalesReportImportService,
    private readonly reports: SalesReportsService,
  ) {}

  @Post()
  @Roles('admin', 'channel_manager', 'distributor')
  @ApiOperation({ summary: "A distributor's sales report as JSON (up to 100,000 lines); detection runs before the answer", description: REJECTED })
  @ApiOkResponse({ type: ImportResultDto, description: 'The same report was received before (duplicate: true)' })
  async submit(
    @CurrentActor() actor: Actor,
    @Body() dto: CreateSalesReportDto,
    @Query() query: SupersedeQueryDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ImportResultDto> {
    return answer(response, await this.imports.submitJson(actor, dto, query.supersede ?? false));
  }

  @Post('import')
  @Roles('admin', 'channel_manager', 'distributor')
  @ApiOperation({
    summary: 'A sales report as a CSV file, streamed (text/csv; gzip accepted with Content-Encoding: gzip)',
    description: `Columns: ${SALES_COLUMNS.join(',')} (header required, UTF-8, optional BOM, RFC 4180 quoting). ${REJECTED}`,
  })
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiOkResponse({ type: ImportResultDto, description: 'The same report was received before (duplicate: true)' })
  async importCsv(
    @CurrentActor() actor: Actor,
    @Query() query: ImportSalesReportQueryDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ImportResultDto> {
    return answer(response, await this.imports.importCsv(actor, query, request));
  }

  @Get()
  @Roles('admin', 'channel_manager', 'distributor')
  @ApiOperation({ summary: 'Sales reports, newest first, with violation counts; a distributor sees its own' })
  list(@CurrentActor() actor: Actor, @Query() query: ListSalesReportsQueryDto): Promise<SalesReportPageDto> {
    return this.reports.list(actor, query);
  }

  @Get(':id')
  @Roles('admin', 'channel_manager', 'distributor')
  get(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string): Promise<SalesReportDto> {
    return this.reports.get(actor, id);
  }

  @Get(':id/lines')
  @Roles('admin', 'channel_manager', 'distributor')
  @ApiOperation({ summary: "A report's lines in line order" })
  lines(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string, @Query() query: PageQueryDto): Promise<SalesLinePageDto> {
    return this.reports.lines(actor, id, query);
  }
}

function answer(response: Response, outcome: ImportOutcome): ImportResultDto {
  response.status(outcome.status);
  return outcome.result;
}
