import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentActor, Roles } from '../../common/auth/auth.decorators';
import type { Actor } from '../../common/auth/roles';
import { ReconciliationPageDto, ReconciliationQueryDto, ReconciliationRunDto } from './dto/reconciliation.dto';
import { ReconciliationService } from './reconciliation.service';

@ApiTags('dashboard')
@Authenticated()
@Controller()
export class ReconciliationController {
  constructor(private readonly reconciliation: ReconciliationService) {}

  @Get('dashboard/reconciliation')
  @Roles('admin', 'channel_manager')
  @ApiOperation({
    summary: 'Sell-in against reported sell-out per distributor, month and product line',
    description: 'Months as YYYY-MM (default: the twelve months to this one); filter by distributor and product line.',
  })
  @ApiOkResponse({ type: ReconciliationPageDto })
  report(@Query() query: ReconciliationQueryDto): Promise<ReconciliationPageDto> {
    return this.reconciliation.report(query);
  }

  @Post('reconciliation/run')
  @HttpCode(200)
  @Roles('admin', 'channel_manager')
  @ApiOperation({
    summary: 'Run the reconciliation now (it also runs on its schedule: settings reconciliation.runEveryMinutes)',
    description:
      'Over the window of whole months up to the last complete one, a distributor whose reported sell-out of a product line fell short of ' +
      '(100 − tolerancePercent)% of its sell-in (at least minSellInUnits) gets an UNREPORTED_VOLUME violation, once per window, grouped into ' +
      'incidents like any other. 409 RECONCILIATION_RUNNING while another instance runs it.',
  })
  @ApiOkResponse({ type: ReconciliationRunDto })
  run(@CurrentActor() actor: Actor): Promise<ReconciliationRunDto> {
    return this.reconciliation.runNow(actor);
  }
}
