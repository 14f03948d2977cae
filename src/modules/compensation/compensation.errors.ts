import { defineErrors } from '../../common/errors/app-error';

export class CompensationError extends defineErrors({
  CLAIM_NOT_FOUND: 'not_found',
  CLAIM_ILLEGAL_STATE: 'unprocessable',
  CLAIM_APPROVER_IS_PROPOSER: 'unprocessable',
  CLAIM_NEEDS_ADMIN: 'forbidden',
}) {}
