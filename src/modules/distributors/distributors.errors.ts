import { defineErrors } from '../../common/errors/app-error';
import { registerConstraintErrors } from '../../common/errors/constraint-errors';

export class DistributorsError extends defineErrors({
  DISTRIBUTOR_NOT_FOUND: 'not_found',
  DISTRIBUTOR_UNKNOWN: 'unprocessable',
  DISTRIBUTOR_EXISTS: 'conflict',
  DISTRIBUTOR_PARENT_CYCLE: 'unprocessable',
  TERRITORY_GRANT_NOT_FOUND: 'not_found',
  TERRITORY_EXCLUSIVE_CONFLICT: 'conflict',
  TERRITORY_GRANT_END_BEFORE_START: 'unprocessable',
  TRANSFER_PERMIT_NOT_FOUND: 'not_found',
  TRANSFER_PERMIT_ALREADY_REVOKED: 'conflict',
}) {}

registerConstraintErrors({
  pk_distributor: { code: 'DISTRIBUTOR_EXISTS', kind: 'conflict', message: 'A distributor with this code already exists' },
  fk_distributor_parent: { code: 'DISTRIBUTOR_UNKNOWN', kind: 'unprocessable', message: 'parentCode does not name a distributor' },
  fk_distributor_home_region: { code: 'REGION_UNKNOWN', kind: 'unprocessable', message: 'homeRegionCode does not name a region' },
  fk_app_user_distributor: { code: 'DISTRIBUTOR_UNKNOWN', kind: 'unprocessable', message: 'distributorCode does not name a distributor' },
  fk_api_key_distributor: { code: 'DISTRIBUTOR_UNKNOWN', kind: 'unprocessable', message: 'distributorCode does not name a distributor' },
  fk_territory_grant_region: { code: 'REGION_UNKNOWN', kind: 'unprocessable', message: 'regionCode does not name a region' },
  fk_transfer_permit_distributor: { code: 'DISTRIBUTOR_UNKNOWN', kind: 'unprocessable', message: 'distributorCode does not name a distributor' },
  fk_transfer_permit_region: { code: 'REGION_UNKNOWN', kind: 'unprocessable', message: 'regionCode does not name a region' },
  fk_transfer_permit_product: { code: 'PRODUCT_UNKNOWN', kind: 'unprocessable', message: 'sku does not name a product' },
});
