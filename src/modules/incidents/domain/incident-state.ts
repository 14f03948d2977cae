import { StateMachine } from '../../../common/state-machine/state-machine';
import type { IncidentStatus } from '../incident.entity';

/** What a transition may carry. */
export interface TransitionInput {
  assigneeId?: string;
  assessment?: { confirmedUnits: number; confirmedValue: string; findings: string };
  reason?: string;
}

/** Everything the guards of a transition look at. */
export interface TransitionContext {
  /** The user moving it (null for the system). */
  actorId: string | null;
  input: TransitionInput;
  incident: { assigneeId: string | null; confirmedBy: string | null };
  /** The assignee the transition names, as found: a user of a role that may investigate, and active. */
  assignee: { canInvestigate: boolean; active: boolean } | null;
  activeCutoffs: number;
  undecidedClaims: number;
  unpaidApprovedClaims: number;
  /** Closing needs someone other than who confirmed (settings: workflow.fourEyesClose). */
  fourEyesClose: boolean;
}

/** DESIGN §6: open → investigating → confirmed → resolved → closed; open or investigating → dismissed. */
export const INCIDENT_TRANSITIONS: Readonly<Record<IncidentStatus, readonly IncidentStatus[]>> = {
  open: ['investigating', 'dismissed'],
  investigating: ['confirmed', 'dismissed'],
  confirmed: ['resolved'],
  resolved: ['closed'],
  closed: [],
  dismissed: [],
};

/** Why the assignee a request names cannot investigate, or null (none named, or a fit one). */
export function assigneeProblem(input: TransitionInput, assignee: TransitionContext['assignee']): string | null {
  if (input.assigneeId === undefined) return null;
  if (assignee === null) return `assignee ${input.assigneeId} is not a user`;
  if (!assignee.canInvestigate) return 'the assignee must be a channel_manager or an admin';
  return assignee.active ? null : 'the assignee is deactivated';
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

export const incidentStateMachine = new StateMachine<IncidentStatus, TransitionContext>(INCIDENT_TRANSITIONS, {
  investigating: [
    {
      input: true,
      check: ({ input, incident }) => ((input.assigneeId ?? incident.assigneeId) ? null : 'investigating needs an assignee: send assigneeId'),
    },
    { input: true, check: ({ input, assignee }) => assigneeProblem(input, assignee) },
  ],
  confirmed: [
    {
      input: true,
      check: ({ input }) => (input.assessment ? null : 'confirming needs an assessment: confirmedUnits, confirmedValue and findings'),
    },
  ],
  dismissed: [{ input: true, check: ({ input }) => (input.reason?.trim() ? null : 'dismissing needs a reason') }],
  resolved: [
    {
      check: ({ activeCutoffs }) =>
        activeCutoffs === 0 ? null : `${plural(activeCutoffs, 'supply cutoff is', 'supply cutoffs are')} still active: lift them or wait for their end`,
    },
    {
      check: ({ undecidedClaims }) =>
        undecidedClaims === 0 ? null : `${plural(undecidedClaims, 'compensation claim is', 'compensation claims are')} still undecided`,
    },
  ],
  closed: [
    {
      check: ({ unpaidApprovedClaims }) =>
        unpaidApprovedClaims === 0 ? null : `${plural(unpaidApprovedClaims, 'approved claim is', 'approved claims are')} not paid yet`,
    },
    {
      check: ({ fourEyesClose, actorId, incident }) =>
        fourEyesClose && actorId !== null && actorId === incident.confirmedBy ? 'closing needs a user other than the one who confirmed (four eyes)' : null,
    },
  ],
});

/** Where an incident is due next: the SLA of the state it enters, none for the final ones. */
export function dueAtFor(status: IncidentStatus, from: Date, slaHours: { open: number; investigating: number; confirmed: number }): Date | null {
  const hours = status === 'open' ? slaHours.open : status === 'investigating' ? slaHours.investigating : status === 'confirmed' ? slaHours.confirmed : null;
  return hours === null ? null : new Date(from.getTime() + hours * 3_600_000);
}
