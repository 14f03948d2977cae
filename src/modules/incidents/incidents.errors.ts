import { defineErrors } from '../../common/errors/app-error';

export class IncidentsError extends defineErrors({
  INCIDENT_NOT_FOUND: 'not_found',
  INCIDENT_VERSION_REQUIRED: 'precondition_required',
  INCIDENT_VERSION_MALFORMED: 'malformed',
  INCIDENT_VERSION_STALE: 'precondition_failed',
  INCIDENT_ILLEGAL_TRANSITION: 'unprocessable',
  INCIDENT_TRANSITION_GUARDED: 'unprocessable',
  INCIDENT_ASSIGNEE_INVALID: 'unprocessable',
  INCIDENT_NOT_CONFIRMED: 'unprocessable',
  INCIDENT_FINAL: 'unprocessable',
}) {}
