import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Authenticated, Roles } from '../../common/auth/auth.decorators';
import { CsvColumn, csvResponse, toCsv, wantsCsv } from '../../common/csv/csv-export';
import { RebateBaseDto, RebateBaseQueryDto, RebateBaseRowDto } from './dto/rebate-base.dto';
import { RebateBaseService } from './rebate-base.service';

const REBATE_BASE_CSV_COLUMNS: Array<CsvColumn<RebateBaseRowDto>> = [
  ['distributor_code', (row) => row.distributorCode],
  ['shipped', (row) => row.shipped],
  ['dumped', (row) => row.dumped],
  ['credited', (row) => row.credited],
  ['adjusted_base', (row) => row.adjustedBase],
  ['window_sell_in', (row) => row.rebateChasing.windowSellIn],
  ['baseline_sell_in', (row) => row.rebateChasing.baselineSellIn],
  ['rebate_chasing', (row) => row.rebateChasing.flagged],
];

@ApiTags('reports')
@Authenticated()
@Controller('reports')
export class ReportsController {
  constructor(private readonly rebates: RebateBaseService) {}

  @Get('rebate-base')
  @Roles('admin', 'channel_manager')
  @ApiOperation({
    summary: 'The rebate base per distributor for a period: shipped, confirmed dumped (taken off), dumped into its territory (credited)',
    description: 'With the rebate-chasing signal at the period’s end (settings: rebate). Accept: text/csv answers the same rows as CSV, for finance.',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: RebateBaseDto })
  async rebateBase(
    @Query() query: RebateBaseQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<RebateBaseDto | string> {
    const report = await this.rebates.rebateBase(query.period);
    if (!wantsCsv(accept)) return report;
    csvResponse(response, `rebate-base-${report.period}`, null);
    return toCsv(REBATE_BASE_CSV_COLUMNS, report.items);
  }
}
