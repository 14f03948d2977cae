import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, Roles } from '../../common/auth/auth.decorators';
import { PageQueryDto } from '../../common/pagination/pagination';
import { DashboardService } from './dashboard.service';
import { OffenderPageDto } from './dto/offenders.dto';
import { OffendersService } from './offenders.service';
import { DashboardQueryDto, DashboardSummaryDto, FlowsDto, PriceErosionDto, WeeklyDto } from './dto/dashboard.dto';

@ApiTags('dashboard')
@Authenticated()
@Controller('dashboard')
export class DashboardController {
  constructor(
    private readonly dashboard: DashboardService,
    private readonly risk: OffendersService,
  ) {}

  @Get('summary')
  @Roles('admin', 'channel_manager')
  @ApiOperation({
    summary: 'Where dumping happens, what it costs and what was done, over a period (default: the last 30 days) and a region',
    description:
      'Incidents opened in the period by status and severity, opened / resolved, overdue now, mean time to resolve; violations by type; units ' +
      'and value dumped, price erosion; cutoffs in force; compensation by status; penalties.',
  })
  @ApiOkResponse({ type: DashboardSummaryDto })
  summary(@Query() query: DashboardQueryDto): Promise<DashboardSummaryDto> {
    return this.dashboard.summary(query);
  }

  @Get('flows')
  @Roles('admin', 'channel_manager')
  @ApiOperation({ summary: 'Origin province (the offender’s home) × destination province: units and value dumped, for a flow map' })
  @ApiOkResponse({ type: FlowsDto })
  flows(@Query() query: DashboardQueryDto): Promise<FlowsDto> {
    return this.dashboard.flows(query);
  }

  @Get('offenders')
  @Roles('admin', 'channel_manager')
  @ApiOperation({
    summary: 'Distributors ranked by channel risk (0-100), with the parts and inputs of the score',
    description:
      '40 × min(1, value dumped over 90 days / the critical severity threshold) + 15 × min(1, recurrences / 3) + 20 × the share of sell-in ' +
      'not reported over the reconciliation window + 10 × min(1, rejected appeals / 3) + 15 if it chased the last rebate.',
  })
  @ApiOkResponse({ type: OffenderPageDto })
  offenders(@Query() query: PageQueryDto): Promise<OffenderPageDto> {
    return this.risk.ranking(query);
  }

  @Get('price-erosion')
  @Roles('admin', 'channel_manager')
  @ApiOperation({
    summary: 'By province and product line: median price sold and sighted against the floors, and the share below them',
    description:
      'Over the whole months of the period (default: this month and the last). Sales medians come from prices kept in 1% steps (to within ' +
      '0.5%); sighting medians are exact. A region below a province reads its province.',
  })
  @ApiOkResponse({ type: PriceErosionDto })
  priceErosion(@Query() query: DashboardQueryDto): Promise<PriceErosionDto> {
    return this.dashboard.priceErosion(query);
  }

  @Get('weekly')
  @Roles('admin', 'channel_manager')
  @ApiOperation({ summary: 'Week by week (default: the last 12 weeks): violations by type, incidents opened and resolved' })
  @ApiOkResponse({ type: WeeklyDto })
  weekly(@Query() query: DashboardQueryDto): Promise<WeeklyDto> {
    return this.dashboard.weekly(query);
  }
}
