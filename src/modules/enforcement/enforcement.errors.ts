import { defineErrors } from '../../common/errors/app-error';
import { registerConstraintErrors } from '../../common/errors/constraint-errors';

export class EnforcementError extends defineErrors({
  ACTION_NO_DISTRIBUTOR: 'unprocessable',
  CUTOFF_NOT_FOUND: 'not_found',
  CUTOFF_NOT_ACTIVE: 'unprocessable',
}) {}

registerConstraintErrors({
  fk_incident_action_distributor: { code: 'DISTRIBUTOR_UNKNOWN', kind: 'unprocessable', message: 'distributorCode does not name a distributor' },
});
