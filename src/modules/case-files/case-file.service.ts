import { Injectable } from '@nestjs/common';
import { Actor } from '../../common/auth/roles';
import { CompensationService } from '../compensation/compensation.service';
import { actionForParty } from '../enforcement/action.mapper';
import { EnforcementQueriesService } from '../enforcement/enforcement-queries.service';
import { IncidentTimelineService } from '../incidents/incident-timeline.service';
import { IncidentsService } from '../incidents/incidents.service';
import { IncidentDetailDto } from './dto/incident-detail.dto';

/** How much of the timeline the case file carries; GET /incidents/:id/timeline pages through the rest. */
const CASE_FILE_TIMELINE_ENTRIES = 200;

/**
 * An incident's case file (GET /incidents/:id): the incident from the
 * incidents module, its actions from enforcement, its claims from
 * compensation, each as the caller may read it (DESIGN §6: victims see what
 * was done and their own claims, the offender its penalties; neither the
 * other's money).
 */
@Injectable()
export class CaseFileService {
  constructor(
    private readonly incidents: IncidentsService,
    private readonly timelines: IncidentTimelineService,
    private readonly enforcement: EnforcementQueriesService,
    private readonly compensation: CompensationService,
  ) {}

  async get(actor: Actor, id: string): Promise<IncidentDetailDto> {
    const { incident, standing } = await this.incidents.summary(actor, id);
    const [actions, claims, timeline] = await Promise.all([
      this.enforcement.actionsOf(incident.id),
      standing === 'manager'
        ? this.compensation.claimsOfIncident(incident.id)
        : standing === 'victim'
          ? this.compensation.claimsOfIncident(incident.id, actor.distributorCode)
          : [],
      this.timelines.timeline(actor, id, { limit: CASE_FILE_TIMELINE_ENTRIES }),
    ]);
    return {
      ...incident,
      actions: standing === 'manager' ? actions : actions.map((action) => actionForParty(action, standing === 'reporter' ? null : actor.distributorCode)),
      claims,
      timeline: timeline.items,
      timelineNextCursor: timeline.nextCursor,
    };
  }
}
