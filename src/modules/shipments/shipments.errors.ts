import { defineErrors } from '../../common/errors/app-error';
import { registerConstraintErrors } from '../../common/errors/constraint-errors';

export class ShipmentsError extends defineErrors({
  SHIPMENT_NOT_FOUND: 'not_found',
  SHIPMENT_REJECTED: 'unprocessable',
  SHIPMENT_REF_CONFLICT: 'conflict',
  SHIPMENT_CODES_ALREADY_BOUND: 'conflict',
  SHIPMENT_UNSUPPORTED_CONTENT_TYPE: 'unsupported_media_type',
  SHIPMENT_TOO_LARGE: 'too_large',
  CODE_ALREADY_PACKED: 'conflict',
  CODE_PACKING_LOOP: 'unprocessable',
  CODE_PACKING_TOO_DEEP: 'unprocessable',
}) {}

registerConstraintErrors({
  uq_shipment_ref: {
    code: 'SHIPMENT_REF_CONFLICT',
    kind: 'conflict',
    message: 'A shipment with this shipmentRef was recorded at the same time; send it again',
  },
  ex_code_binding_overlap: {
    code: 'SHIPMENT_CODES_ALREADY_BOUND',
    kind: 'conflict',
    message: 'Some codes were bound by another shipment at the same time; send it again',
  },
});
