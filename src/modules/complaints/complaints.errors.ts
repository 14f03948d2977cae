import { defineErrors } from '../../common/errors/app-error';

export class ComplaintsError extends defineErrors({
  COMPLAINT_NOT_FOUND: 'not_found',
  COMPLAINT_REJECTED: 'unprocessable',
}) {}
