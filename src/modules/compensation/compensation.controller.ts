import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentActor, Roles } from '../../common/auth/auth.decorators';
import type { Actor } from '../../common/auth/roles';
import { ParseIdPipe } from '../../common/validation/parse-id.pipe';
import { CompensationService } from './compensation.service';
import { AdjustClaimDto, ApproveClaimDto, ClaimDto, ClaimListDto, ClaimPageDto, ListClaimsQueryDto, PayClaimDto, RejectClaimDto } from './dto/claim.dto';

@ApiTags('compensation')
@Authenticated()
@Controller()
export class CompensationController {
  constructor(private readonly compensation: CompensationService) {}

  @Post('incidents/:id/compensation/propose')
  @Roles('admin', 'channel_manager')
  @ApiOperation({
    summary: 'Propose one claim per victim of a confirmed incident',
    description:
      'From the active violations in each victim’s territory: units × (floor − price) where sold below the floor, plus units × the product ' +
      'line’s lost-margin rate (settings: workflow.compensation.lostMarginPerUnit); a dumped line counts once. Proposing again revises the ' +
      'undecided claims and leaves decided ones alone. Answers every claim of the incident.',
  })
  @ApiCreatedResponse({ type: ClaimListDto })
  propose(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string): Promise<ClaimListDto> {
    return this.compensation.propose(actor, id);
  }

  @Get('claims')
  @Roles('admin', 'channel_manager', 'distributor')
  @ApiOperation({ summary: 'Compensation claims, newest first; filter by incident, status, claimant. A distributor sees its own.' })
  @ApiOkResponse({ type: ClaimPageDto })
  list(@CurrentActor() actor: Actor, @Query() query: ListClaimsQueryDto): Promise<ClaimPageDto> {
    return this.compensation.list(actor, query);
  }

  @Get('claims/:id')
  @Roles('admin', 'channel_manager', 'distributor')
  @ApiOperation({ summary: 'A compensation claim' })
  @ApiOkResponse({ type: ClaimDto })
  get(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string): Promise<ClaimDto> {
    return this.compensation.get(actor, id);
  }

  @Post('claims/:id/adjust')
  @HttpCode(200)
  @Roles('admin', 'channel_manager')
  @ApiOperation({ summary: 'Change a proposed claim’s amount, with the reason' })
  @ApiOkResponse({ type: ClaimDto })
  adjust(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string, @Body() dto: AdjustClaimDto): Promise<ClaimDto> {
    return this.compensation.adjust(actor, id, dto);
  }

  @Post('claims/:id/approve')
  @HttpCode(200)
  @Roles('admin', 'channel_manager')
  @ApiOperation({
    summary: 'Approve a proposed claim',
    description:
      'Not by whoever proposed it (422 CLAIM_APPROVER_IS_PROPOSER); above settings workflow.compensation.approvalThreshold only by an admin (403 CLAIM_NEEDS_ADMIN).',
  })
  @ApiOkResponse({ type: ClaimDto })
  approve(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string, @Body() dto: ApproveClaimDto): Promise<ClaimDto> {
    return this.compensation.approve(actor, id, dto);
  }

  @Post('claims/:id/reject')
  @HttpCode(200)
  @Roles('admin', 'channel_manager')
  @ApiOperation({ summary: 'Reject a proposed claim, with the reason' })
  @ApiOkResponse({ type: ClaimDto })
  reject(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string, @Body() dto: RejectClaimDto): Promise<ClaimDto> {
    return this.compensation.reject(actor, id, dto);
  }

  @Post('claims/:id/pay')
  @HttpCode(200)
  @Roles('admin', 'channel_manager')
  @ApiOperation({ summary: 'Mark an approved claim paid, with the payment reference' })
  @ApiOkResponse({ type: ClaimDto })
  pay(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string, @Body() dto: PayClaimDto): Promise<ClaimDto> {
    return this.compensation.pay(actor, id, dto);
  }
}
