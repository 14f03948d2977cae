import { defineErrors } from '../../common/errors/app-error';
import { registerConstraintErrors } from '../../common/errors/constraint-errors';

export class RegionsError extends defineErrors({
  REGION_NOT_FOUND: 'not_found',
  REGION_UNKNOWN: 'unprocessable',
  REGION_INVALID_ROWS: 'malformed',
  REGION_PARENT_UNKNOWN: 'unprocessable',
  REGION_CYCLE: 'unprocessable',
  REGION_LEVEL_NOT_DEEPER: 'unprocessable',
  REGION_MOVE_OVERLAPS_TERRITORIES: 'conflict',
}) {}

registerConstraintErrors({
  fk_region_parent: { code: 'REGION_PARENT_UNKNOWN', kind: 'unprocessable', message: 'parentCode does not name a region' },
});
