import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Authenticated, CurrentActor, Roles } from '../../common/auth/auth.decorators';
import type { Actor } from '../../common/auth/roles';
import { ParseIdPipe } from '../../common/validation/parse-id.pipe';
import { SightingBatchDto, SightingBatchResultDto } from './dto/sighting-batch.dto';
import { CreateSightingDto, ListSightingsQueryDto, SightingDto, SightingPageDto } from './dto/sighting.dto';
import { SightingBatchService } from './sighting-batch.service';
import { SightingIntake } from './sighting-intake.service';
import { SightingsService } from './sightings.service';

@ApiTags('sightings')
@Authenticated()
@Controller('sightings')
export class SightingsController {
  constructor(
    private readonly intake: SightingIntake,
    private readonly sightings: SightingsService,
    private readonly batches: SightingBatchService,
  ) {}

  @Post()
  @Roles('field_rep', 'admin', 'channel_manager')
  @ApiOperation({
    summary: 'Report a sighting: traced, detected and grouped before the answer',
    description:
      'Each scanned code and the lot are traced (whose goods these are); goods sighted outside their distributor’s territory are ' +
      'DIVERTED_GOODS, codes never shipped UNKNOWN_CODE, a price under the retail floor BELOW_RETAIL_FLOOR. With an Idempotency-Key, ' +
      'the same key and body answer the first response again (Idempotent-Replayed: true); the same key with another body is 422. ' +
      'A rare race (the incident it joins opened or closed meanwhile, or its region created meanwhile) is 409 INCIDENT_CONTENDED or ' +
      'SIGHTING_CONTENDED: send it again under the same key.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A key the device makes per sighting (1-200 visible ASCII characters)' })
  @ApiCreatedResponse({ type: SightingDto })
  async create(
    @CurrentActor() actor: Actor,
    @Body() dto: CreateSightingDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<SightingDto> {
    const outcome = await this.intake.receive(actor, dto, idempotencyKey);
    if (outcome.replayed) response.setHeader('Idempotent-Replayed', 'true');
    return outcome.result;
  }

  @Post('batch')
  @HttpCode(200)
  @Roles('field_rep', 'admin', 'channel_manager')
  @ApiOperation({
    summary: 'Sightings made offline, synced at once: one result per item, in order',
    description:
      'Each item is a sighting with its own idempotencyKey, received as POST /sightings would receive it; a bad item gets its 4xx in ' +
      'its place (status, error) and the others are still received. Re-sending the batch answers the items already received again (replayed).',
  })
  @ApiOkResponse({ type: SightingBatchResultDto })
  receiveBatch(@CurrentActor() actor: Actor, @Body() batch: SightingBatchDto): Promise<SightingBatchResultDto> {
    return this.batches.receive(actor, batch);
  }

  @Get()
  @Roles('field_rep', 'admin', 'channel_manager')
  @ApiOperation({ summary: 'Sightings, newest first; a field rep sees its own' })
  @ApiOkResponse({ type: SightingPageDto })
  list(@CurrentActor() actor: Actor, @Query() query: ListSightingsQueryDto): Promise<SightingPageDto> {
    return this.sightings.list(actor, query);
  }

  @Get(':id')
  @Roles('field_rep', 'admin', 'channel_manager')
  @ApiOperation({ summary: 'A sighting as it was answered when received' })
  @ApiOkResponse({ type: SightingDto })
  get(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string): Promise<SightingDto> {
    return this.sightings.get(actor, id);
  }
}
