import { defineErrors } from '../../common/errors/app-error';

export class SalesReportsError extends defineErrors({
  SALES_REPORT_NOT_FOUND: 'not_found',
  SALES_REPORT_REJECTED: 'unprocessable',
  SALES_REPORT_REF_CONFLICT: 'conflict',
  SALES_REPORT_NOT_OWN_DISTRIBUTOR: 'forbidden',
  SALES_REPORT_UNSUPPORTED_CONTENT_TYPE: 'unsupported_media_type',
  SALES_REPORT_TOO_LARGE: 'too_large',
}) {}
