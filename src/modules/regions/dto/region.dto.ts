import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsCode } from '../../../common/validation/decorators';
import { PageQueryDto } from '../../../common/pagination/pagination';
import { REGION_LEVELS, type RegionLevel } from '../region.entity';

/** One row of `PUT /regions`. */
export class RegionInputDto {
  @ApiProperty({ example: '330100' })
  code!: string;

  @ApiProperty({ example: '杭州市' })
  name!: string;

  @ApiProperty({ example: '330000', nullable: true, required: false, description: 'null or absent for a root' })
  parentCode?: string | null;

  @ApiProperty({ enum: REGION_LEVELS, description: 'Or its rank: 0 country, 1 province, 2 city, 3 district, 4 township' })
  level!: RegionLevel;
}

export class RegionUpsertResultDto {
  /** Rows in the payload. */
  received!: number;
  inserted!: number;
  updated!: number;
  /** Rows identical to what was stored. */
  unchanged!: number;
}

export class ListRegionsQueryDto extends PageQueryDto {
  /** Direct children of this region. */
  @IsCode({ optional: true })
  parentCode?: string;

  /** This region's descendants (not itself), at any depth. */
  @IsCode({ optional: true })
  within?: string;

  @IsOptional()
  @IsIn(REGION_LEVELS)
  level?: RegionLevel;

  /** Part of the name or code. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class RegionSummaryDto {
  code!: string;
  name!: string;
  @ApiProperty({ enum: REGION_LEVELS })
  level!: RegionLevel;
}

export class RegionDto extends RegionSummaryDto {
  parentCode!: string | null;
  /** 0 for a root. */
  depth!: number;
  /** The province the region lies in (itself for a province). */
  provinceCode!: string | null;
}

export class RegionDetailDto extends RegionDto {
  /** From the root down to the parent. */
  ancestors!: RegionSummaryDto[];
  childCount!: number;
}

export class RegionPageDto {
  items!: RegionDto[];
  nextCursor!: string | null;
}
