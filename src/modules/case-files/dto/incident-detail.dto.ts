import { ClaimDto } from '../../compensation/dto/claim.dto';
import { ActionDto } from '../../enforcement/dto/action.dto';
import { IncidentSummaryDto } from '../../incidents/dto/incident.dto';
import { TimelineEntryDto } from '../../incidents/dto/transition-incident.dto';

/** An incident's case file: the incident, its actions, its claims and the start of its timeline, as the caller may read them. */
export class IncidentDetailDto extends IncidentSummaryDto {
  /** Enforcement actions: in full for managers and for the distributor an action concerns; otherwise only their kind and period. */
  actions!: Array<Partial<ActionDto>>;
  /** Compensation claims: all for managers, a victim's own for a victim, none for the offender. */
  claims!: ClaimDto[];
  /** The first entries of the timeline (GET /incidents/:id/timeline for all of it). */
  timeline!: TimelineEntryDto[];
  timelineNextCursor!: string | null;
}
