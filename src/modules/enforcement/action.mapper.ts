import { formatDecimal } from '../../common/money/money';
import type { ActionDto, CutoffDto } from './dto/action.dto';
import { isInForce } from './domain/cutoff';
import type { IncidentAction } from './incident-action.entity';

export function toActionDto(action: IncidentAction, now = new Date()): ActionDto {
  const cutoff = action.type === 'supply_cutoff' ? toCutoffDto(action, now) : null;
  return {
    id: action.id,
    incidentId: action.incidentId,
    type: action.type,
    distributorCode: action.distributorCode,
    amount: action.amount === null ? null : formatDecimal(action.amount),
    rebatePeriod: action.rebatePeriod,
    note: action.note,
    ...(cutoff
      ? {
          cutoffId: cutoff.id,
          productLines: cutoff.productLines,
          skus: cutoff.skus,
          startsAt: cutoff.startsAt,
          endsAt: cutoff.endsAt,
          liftedAt: cutoff.liftedAt,
          active: cutoff.active,
        }
      : {}),
    createdBy: action.createdBy,
    createdAt: action.createdAt.toISOString(),
  };
}

export function toCutoffDto(action: IncidentAction, now = new Date()): CutoffDto {
  return {
    id: action.id,
    incidentId: action.incidentId,
    distributorCode: action.distributorCode,
    productLines: action.productLines,
    skus: action.skus,
    startsAt: action.startsAt!.toISOString(),
    endsAt: action.endsAt!.toISOString(),
    liftedAt: action.liftedAt?.toISOString() ?? null,
    liftReason: action.liftReason,
    active: isInForce(action, now),
    note: action.note,
    createdAt: action.createdAt.toISOString(),
  };
}

/**
 * An action as a distributor party to the incident may read it: the one it
 * concerns reads it in full (its penalty, its cutoff), anyone else only which
 * kind of enforcement was taken and when; nobody outside the brand learns
 * who at the brand took it.
 */
export function actionForParty(action: ActionDto, distributorCode: string | null): Partial<ActionDto> {
  if (distributorCode !== null && action.distributorCode === distributorCode) {
    const { createdBy: _createdBy, ...own } = action;
    return own;
  }
  return {
    id: action.id,
    incidentId: action.incidentId,
    type: action.type,
    createdAt: action.createdAt,
    startsAt: action.startsAt,
    endsAt: action.endsAt,
    active: action.active,
  };
}
