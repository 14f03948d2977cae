import { IsCode, IsCodeList } from '../../../common/validation/decorators';

export const MAX_PACKED_CODES = 10_000;

export class CreateCodeAggregationDto {
  /** The case or pallet the codes are packed in. */
  @IsCode()
  parentCode!: string;

  /** The items (or cases) packed in it; up to 10,000 codes. */
  @IsCodeList({ min: 1, max: MAX_PACKED_CODES })
  childCodes!: string[];
}

export class CodeAggregationResultDto {
  parentCode!: string;
  /** Distinct child codes in the request. */
  childCodes!: number;
  /** Newly packed into the parent. */
  added!: number;
  /** Already packed into this parent before (nothing changed for them). */
  alreadyPacked!: number;
}
