import { defineErrors } from '../../common/errors/app-error';
import { registerConstraintErrors } from '../../common/errors/constraint-errors';

export class AppealsError extends defineErrors({
  APPEAL_NOT_FOUND: 'not_found',
  APPEAL_NOT_APPEALABLE: 'unprocessable',
  APPEAL_DECIDED: 'unprocessable',
  APPEAL_PENDING: 'conflict',
}) {}

registerConstraintErrors({
  uq_violation_appeal_pending: { code: 'APPEAL_PENDING', kind: 'conflict', message: 'This violation already has an appeal waiting for a decision' },
});
