import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentActor, Roles } from '../../common/auth/auth.decorators';
import type { Actor } from '../../common/auth/roles';
import { PageQueryDto } from '../../common/pagination/pagination';
import { ParseIdPipe } from '../../common/validation/parse-id.pipe';
import {
  ActionDto,
  CreateActionDto,
  CutoffDto,
  CutoffPageDto,
  LedgerDto,
  LiftCutoffDto,
  ListCutoffsQueryDto,
  SupplyCheckDto,
  SupplyCheckQueryDto,
} from './dto/action.dto';
import { EnforcementQueriesService } from './enforcement-queries.service';
import { EnforcementService } from './enforcement.service';

@ApiTags('enforcement')
@Authenticated()
@Controller()
export class EnforcementController {
  constructor(
    private readonly enforcement: EnforcementService,
    private readonly queries: EnforcementQueriesService,
  ) {}

  @Post('incidents/:id/actions')
  @Roles('admin', 'channel_manager')
  @ApiOperation({
    summary: 'Take an enforcement action on a confirmed incident',
    description:
      'warning; rebate_deduction (amount, rebatePeriod); fine (amount); supply_cutoff (endsAt, optional startsAt, productLines, skus: neither ' +
      'means everything). Penalties go into the distributor’s ledger; a cutoff answers its cutoffId. The distributor is the offender unless ' +
      'distributorCode names another. 422 INCIDENT_NOT_CONFIRMED on an incident that is not confirmed.',
  })
  @ApiCreatedResponse({ type: ActionDto })
  takeAction(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string, @Body() dto: CreateActionDto): Promise<ActionDto> {
    return this.enforcement.takeAction(actor, id, dto);
  }

  @Get('cutoffs')
  @Roles('admin', 'channel_manager', 'distributor')
  @ApiOperation({ summary: 'Supply cutoffs, newest first; filter by distributor, incident, in force now. A distributor sees its own.' })
  @ApiOkResponse({ type: CutoffPageDto })
  listCutoffs(@CurrentActor() actor: Actor, @Query() query: ListCutoffsQueryDto): Promise<CutoffPageDto> {
    return this.queries.listCutoffs(actor, query);
  }

  @Post('cutoffs/:id/lift')
  @HttpCode(200)
  @Roles('admin', 'channel_manager')
  @ApiOperation({ summary: 'Lift a supply cutoff before its planned end; 422 CUTOFF_NOT_ACTIVE when already lifted or ended' })
  @ApiOkResponse({ type: CutoffDto })
  lift(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string, @Body() dto: LiftCutoffDto): Promise<CutoffDto> {
    return this.enforcement.liftCutoff(actor, id, dto);
  }

  @Get('supply-check')
  @Roles('admin', 'channel_manager', 'distributor')
  @ApiOperation({ summary: 'May the brand ship this SKU to this distributor now? Blocked while a cutoff covering it is in force (for ERP order checks).' })
  @ApiOkResponse({ type: SupplyCheckDto })
  supplyCheck(@CurrentActor() actor: Actor, @Query() query: SupplyCheckQueryDto): Promise<SupplyCheckDto> {
    return this.queries.supplyCheck(actor, query);
  }

  @Get('distributors/:code/ledger')
  @Roles('admin', 'channel_manager', 'distributor')
  @ApiOperation({ summary: 'A distributor’s penalty ledger: warnings, rebate deductions and fines, signed, newest first, with the balance' })
  @ApiOkResponse({ type: LedgerDto })
  ledger(@CurrentActor() actor: Actor, @Param('code') code: string, @Query() query: PageQueryDto): Promise<LedgerDto> {
    return this.queries.ledger(actor, code, query);
  }
}
