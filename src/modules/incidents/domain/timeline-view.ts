import type { IncidentStanding } from '../incident-access';

/** One entry of an incident's timeline, as recorded. */
export interface TimelineEntry {
  at: string;
  kind: string;
  action: string;
  actor: { kind: string; id: string | null; label: string } | null;
  details: Record<string, unknown>;
}

const pick = (details: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.filter((key) => key in details).map((key) => [key, details[key]]));
/** Without the brand's staff: who created, decided or paid something (the fields ending in By). */
const withoutStaff = (details: Record<string, unknown>) => Object.fromEntries(Object.entries(details).filter(([key]) => !key.endsWith('By')));

/**
 * What a party to an incident may read of its timeline (DESIGN §6: the
 * complainant and victims see its progress, the actions taken and their own
 * claims; the offender the case against it, its penalties and cutoffs and
 * its appeals; neither sees the other's money, nor who at the brand did what).
 * Managers read it all.
 */
export function timelineFor(standing: IncidentStanding, distributorCode: string | null, entries: TimelineEntry[]): TimelineEntry[] {
  if (standing === 'manager') return entries;
  const views = entries.map((entry): TimelineEntry | null => {
    const { details } = entry;
    const shown = (kept: Record<string, unknown>): TimelineEntry => ({ ...entry, actor: null, details: withoutStaff(kept) });
    switch (entry.kind) {
      case 'opened':
        return shown(pick(details, ['status', 'number']));
      case 'transition':
        // A dismissal's reason is the complainant's answer.
        return shown(pick(details, ['from', 'to', ...(details.to === 'dismissed' ? ['reason'] : [])]));
      case 'violations_joined':
        return standing === 'offender' ? shown(details) : standing === 'reporter' ? null : shown(pick(details, ['sourceKind', 'violations', 'types']));
      case 'complaint':
        return standing === 'victim' && details.complainantCode === distributorCode ? shown(details) : null;
      case 'action':
      case 'cutoff_lifted':
      case 'cutoff_ended':
        // The offender reads its own penalties in full; anyone else only which kind of enforcement was taken.
        if (standing === 'offender' && details.distributorCode === distributorCode) return shown(details);
        return standing === 'reporter' ? null : shown(pick(details, ['type', 'actionId', 'startsAt', 'endsAt']));
      case 'claim':
        return standing === 'victim' && details.claimantCode === distributorCode ? shown(details) : null;
      case 'appeal':
        return standing === 'offender' && details.distributorCode === distributorCode ? shown(details) : null;
      default:
        return null;
    }
  });
  return views.filter((entry): entry is TimelineEntry => entry !== null);
}
