import { defineErrors } from '../../common/errors/app-error';
import { registerConstraintErrors } from '../../common/errors/constraint-errors';

export class CatalogError extends defineErrors({
  PRODUCT_NOT_FOUND: 'not_found',
  PRODUCT_UNKNOWN: 'unprocessable',
  PRODUCT_EXISTS: 'conflict',
  PRODUCT_GTIN_TAKEN: 'conflict',
  PRICE_FLOOR_NOT_FOUND: 'not_found',
  PRICE_FLOOR_OVERLAP: 'conflict',
  PRICE_FLOOR_END_BEFORE_START: 'unprocessable',
}) {}

registerConstraintErrors({
  pk_product: { code: 'PRODUCT_EXISTS', kind: 'conflict', message: 'A product with this SKU already exists' },
  uq_product_gtin: { code: 'PRODUCT_GTIN_TAKEN', kind: 'conflict', message: 'Another product already has this GTIN' },
  ex_price_floor_scope: {
    code: 'PRICE_FLOOR_OVERLAP',
    kind: 'conflict',
    message: 'A floor with the same SKU or line, region, channel and level already covers some of these dates',
  },
  fk_price_floor_product: { code: 'PRODUCT_UNKNOWN', kind: 'unprocessable', message: 'sku does not name a product' },
  fk_price_floor_region: { code: 'REGION_UNKNOWN', kind: 'unprocessable', message: 'regionCode does not name a region' },
});
