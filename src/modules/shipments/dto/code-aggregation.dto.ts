import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, Matches } from 'class-validator';
import { IsCode } from '../../../common/validation/decorators';

export const MAX_PACKED_CODES = 10_000;

export class CreateCodeAggregationDto {
  /** The case or pallet the codes are packed in. */
  @IsCode()
  parentCode!: string;

  /** The items (or cases) packed in it; up to 10,000 codes. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_PACKED_CODES)
  @IsString({ each: true })
  @Matches(/^[^\s\u0000-\u001f]{1,64}$/, { each: true, message: 'each of childCodes must be a code of 1-64 characters without spaces' })
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
