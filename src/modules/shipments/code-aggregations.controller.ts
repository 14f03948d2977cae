import { Body, Controller, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentActor, Roles } from '../../common/auth/auth.decorators';
import type { Actor } from '../../common/auth/roles';
import { CodeAggregationsService } from './code-aggregations.service';
import { CodeAggregationResultDto, CreateCodeAggregationDto } from './dto/code-aggregation.dto';

@ApiTags('shipments')
@Authenticated()
@Controller('code-aggregations')
export class CodeAggregationsController {
  constructor(private readonly aggregations: CodeAggregationsService) {}

  @Post()
  @Roles('admin', 'channel_manager')
  @ApiOperation({
    summary: 'Pack codes into a case or pallet (items in a case, cases on a pallet)',
    description:
      'A packed code traces through its parents to the shipment that bound one of them. Sending the same packing again changes nothing ' +
      '(alreadyPacked). 409 when some codes are packed in another parent (named); 422 when the packing would make a loop or go deeper than 10 levels.',
  })
  @ApiCreatedResponse({ type: CodeAggregationResultDto })
  pack(@CurrentActor() actor: Actor, @Body() dto: CreateCodeAggregationDto): Promise<CodeAggregationResultDto> {
    return this.aggregations.pack(actor, dto);
  }
}
