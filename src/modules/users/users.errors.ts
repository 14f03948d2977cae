import { defineErrors } from '../../common/errors/app-error';
import { registerConstraintErrors } from '../../common/errors/constraint-errors';

export class UsersError extends defineErrors({
  USER_NOT_FOUND: 'not_found',
  USER_EMAIL_TAKEN: 'conflict',
  USER_DISTRIBUTOR_REQUIRED: 'unprocessable',
  USER_LAST_ADMIN: 'unprocessable',
}) {}

registerConstraintErrors({
  uq_app_user_email: { code: 'USER_EMAIL_TAKEN', kind: 'conflict', message: 'A user with this email already exists' },
  ck_app_user_distributor: {
    code: 'USER_DISTRIBUTOR_REQUIRED',
    kind: 'unprocessable',
    message: 'distributorCode is required for the distributor role and only allowed for it',
  },
});
