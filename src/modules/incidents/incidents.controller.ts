import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Authenticated, CurrentActor, Roles } from '../../common/auth/auth.decorators';
import type { Actor } from '../../common/auth/roles';
import { collectPages, CSV_EXPORT_MAX_ROWS, CsvColumn, csvResponse, toCsv, wantsCsv } from '../../common/csv/csv-export';
import { PageQueryDto } from '../../common/pagination/pagination';
import { ParseIdPipe } from '../../common/validation/parse-id.pipe';
import { IncidentDto, IncidentPageDto, ListIncidentsQueryDto } from './dto/incident.dto';
import { AssignIncidentDto, CommentDto, CreateCommentDto, NextStatesDto, TimelineDto, TransitionIncidentDto } from './dto/transition-incident.dto';
import { IncidentTimelineService } from './incident-timeline.service';
import { IncidentWorkflowService } from './incident-workflow.service';
import { IncidentsService } from './incidents.service';

const INCIDENT_CSV_COLUMNS: Array<CsvColumn<IncidentDto>> = [
  ['id', (i) => i.id],
  ['number', (i) => i.number],
  ['status', (i) => i.status],
  ['severity', (i) => i.severity],
  ['version', (i) => i.version],
  ['offender_code', (i) => i.offenderCode],
  ['product_line', (i) => i.productLine],
  ['destination_region_code', (i) => i.destinationRegionCode],
  ['assignee_id', (i) => i.assigneeId],
  ['units', (i) => i.scale.units],
  ['value_at_floor', (i) => i.scale.valueAtFloor],
  ['price_erosion', (i) => i.scale.priceErosion],
  ['region_codes', (i) => i.scale.regionCodes],
  ['victim_codes', (i) => i.scale.victimCodes],
  ['violation_count', (i) => i.violationCount],
  ['first_seen_on', (i) => i.firstSeenOn],
  ['last_seen_on', (i) => i.lastSeenOn],
  ['recurrence_of', (i) => i.recurrenceOf],
  ['due_at', (i) => i.dueAt],
  ['overdue', (i) => i.overdue],
  ['opened_at', (i) => i.openedAt],
];

/** The incident's version as an entity tag, as If-Match takes it back. */
export const etagOf = (version: number) => `"${version}"`;

@ApiTags('incidents')
@Authenticated()
@Controller('incidents')
export class IncidentsController {
  constructor(
    private readonly incidents: IncidentsService,
    private readonly workflow: IncidentWorkflowService,
    private readonly timelines: IncidentTimelineService,
  ) {}

  @Get()
  @Roles('admin', 'channel_manager', 'distributor', 'field_rep')
  @ApiOperation({
    summary: 'Incidents, newest first; filter by status, severity, offender, region, product line, assignee, overdue',
    description: `With Accept: text/csv, every incident the filters match as CSV (up to ${CSV_EXPORT_MAX_ROWS}; X-Next-Cursor continues).`,
  })
  @ApiProduces('application/json', 'text/csv')
  async list(
    @CurrentActor() actor: Actor,
    @Query() query: ListIncidentsQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<IncidentPageDto | string> {
    if (!wantsCsv(accept)) return this.incidents.list(actor, query);
    const all = await collectPages(query, (page) => this.incidents.list(actor, page));
    csvResponse(response, 'incidents', all.nextCursor);
    return toCsv(INCIDENT_CSV_COLUMNS, all.items);
  }

  @Post(':id/transitions')
  @HttpCode(200)
  @Roles('admin', 'channel_manager')
  @ApiOperation({
    summary: 'Move the incident through its workflow',
    description:
      'open → investigating (needs an assignee) → confirmed (needs the assessment) → resolved (no active cutoff, no undecided claim) → closed ' +
      '(every approved claim paid, by someone other than who confirmed); open or investigating → dismissed (needs a reason). ' +
      'If-Match carries the version read: missing is 428, stale 412; an illegal or guarded move is 422 with {from, to, reason}. ' +
      'Applied, it answers the incident with its new version, also as ETag.',
  })
  @ApiHeader({ name: 'If-Match', required: true, description: 'The incident version read, e.g. 3 or "3"' })
  @ApiOkResponse({ type: IncidentDto })
  async transition(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: TransitionIncidentDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<IncidentDto> {
    const incident = await this.workflow.transition(actor, id, ifMatch, dto);
    response.setHeader('ETag', etagOf(incident.version));
    return incident;
  }

  @Get(':id/next-states')
  @Roles('admin', 'channel_manager', 'distributor', 'field_rep')
  @ApiOperation({ summary: 'What the caller may do with the incident now: each move, whether it is allowed, why not, and what it needs' })
  @ApiOkResponse({ type: NextStatesDto })
  nextStates(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string): Promise<NextStatesDto> {
    return this.workflow.nextStates(actor, id);
  }

  @Post(':id/assign')
  @HttpCode(200)
  @Roles('admin', 'channel_manager')
  @ApiOperation({ summary: 'Hand the incident to another investigator (a channel_manager or admin); the version moves on' })
  @ApiOkResponse({ type: IncidentDto })
  async assign(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: AssignIncidentDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<IncidentDto> {
    const incident = await this.workflow.assign(actor, id, dto);
    response.setHeader('ETag', etagOf(incident.version));
    return incident;
  }

  @Post(':id/comments')
  @Roles('admin', 'channel_manager')
  @ApiOperation({ summary: 'A note on the incident’s timeline' })
  @ApiCreatedResponse({ type: CommentDto })
  comment(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string, @Body() dto: CreateCommentDto): Promise<CommentDto> {
    return this.workflow.comment(actor, id, dto);
  }

  @Get(':id/timeline')
  @Roles('admin', 'channel_manager', 'distributor', 'field_rep')
  @ApiOperation({
    summary: 'The incident’s history in order: opening, violations and complaints joining, transitions, comments, actions, claims, appeals',
    description: 'Managers read it all; a distributor or a field rep reads only what concerns it, without other parties’ money.',
  })
  @ApiOkResponse({ type: TimelineDto })
  timeline(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string, @Query() query: PageQueryDto): Promise<TimelineDto> {
    return this.timelines.timeline(actor, id, query);
  }
}
