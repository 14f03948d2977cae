import { formatDecimal } from '../../common/money/money';
import type { CompensationClaim } from './compensation-claim.entity';
import type { ClaimDto } from './dto/claim.dto';

export function toClaimDto(claim: CompensationClaim): ClaimDto {
  const basis = claim.basis as { lines: number; units: number; floorGap: string; lostMargin: string };
  return {
    id: claim.id,
    incidentId: claim.incidentId,
    claimantCode: claim.claimantCode,
    amount: formatDecimal(claim.amount),
    proposedAmount: formatDecimal(claim.proposedAmount),
    status: claim.status,
    basis: { lines: basis.lines, units: basis.units, floorGap: formatDecimal(basis.floorGap), lostMargin: formatDecimal(basis.lostMargin) },
    adjustmentReason: claim.adjustmentReason,
    adjustedBy: claim.adjustedBy,
    proposedBy: claim.proposedBy,
    proposedAt: claim.proposedAt.toISOString(),
    decidedBy: claim.decidedBy,
    decidedAt: claim.decidedAt?.toISOString() ?? null,
    decisionNote: claim.decisionNote,
    paymentRef: claim.paymentRef,
    paidAt: claim.paidAt?.toISOString() ?? null,
  };
}

/** A claim as its claimant reads it: without who at the brand proposed, adjusted or decided it. */
export function claimForClaimant(claim: ClaimDto): ClaimDto {
  return { ...claim, proposedBy: null, adjustedBy: null, decidedBy: null };
}
