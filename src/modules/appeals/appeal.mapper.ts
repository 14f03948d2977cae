import type { AppealDto } from './dto/appeal.dto';
import type { ViolationAppeal } from './violation-appeal.entity';

export function toAppealDto(appeal: ViolationAppeal): AppealDto {
  return {
    id: appeal.id,
    violationId: appeal.violationId,
    incidentId: appeal.incidentId,
    distributorCode: appeal.distributorCode,
    reason: appeal.reason,
    evidence: appeal.evidence,
    status: appeal.status,
    createdAt: appeal.createdAt.toISOString(),
    decidedBy: appeal.decidedBy,
    decidedAt: appeal.decidedAt?.toISOString() ?? null,
    decisionReason: appeal.decisionReason,
  };
}
