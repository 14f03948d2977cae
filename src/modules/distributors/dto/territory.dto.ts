import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsNotEmpty, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination/pagination';
import { IsBusinessDate, IsCode, IsLabel, IsNotBefore } from '../../../common/validation/decorators';
import { toBoolean } from '../../users/dto/user.dto';

export class CreateGrantDto {
  /** The granted region; it covers all its descendants. */
  @IsCode()
  regionCode!: string;

  /** Limit to one product line; absent or null: every line. */
  @IsLabel({ optional: true })
  productLine?: string | null;

  /** Limit to one channel; absent or null: every channel. */
  @IsLabel({ optional: true })
  channel?: string | null;

  /** First day of the grant (inclusive). */
  @IsBusinessDate()
  validFrom!: string;

  /** Last day of the grant (inclusive); absent or null: open-ended. */
  @IsOptional()
  @IsBusinessDate()
  @IsNotBefore('validFrom')
  validTo?: string | null;

  /** Exclusive (default) or shared with other distributors. */
  @IsOptional()
  @IsBoolean()
  exclusive?: boolean;
}

export class EndGrantDto {
  /** The grant's new last day (inclusive). */
  @IsBusinessDate()
  validTo!: string;
}

export class ListGrantsQueryDto extends PageQueryDto {
  /** Only grants valid on this day. */
  @IsOptional()
  @IsBusinessDate()
  activeOn?: string;

  @IsCode({ optional: true })
  regionCode?: string;

  @IsLabel({ optional: true })
  productLine?: string;
}

export class GrantDto {
  id!: string;
  distributorCode!: string;
  regionCode!: string;
  productLine!: string | null;
  channel!: string | null;
  validFrom!: string;
  validTo!: string | null;
  exclusive!: boolean;
  createdAt!: string;
}

export class GrantListDto {
  items!: GrantDto[];
}

export class GrantPageDto {
  items!: GrantDto[];
  nextCursor!: string | null;
}

export class CreatePermitDto {
  @IsCode()
  distributorCode!: string;

  /** Where the sale may go (and below). */
  @IsCode()
  regionCode!: string;

  /** Limit to one product line; give at most one of productLine and sku; neither: every product. */
  @IsLabel({ optional: true })
  productLine?: string | null;

  @IsCode({ optional: true })
  sku?: string | null;

  @IsBusinessDate()
  validFrom!: string;

  @IsBusinessDate()
  @IsNotBefore('validFrom')
  validTo!: string;

  /** Total units the permit covers; absent: no limit. */
  @IsOptional()
  @IsInt()
  @Min(1)
  maxQuantity?: number | null;

  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason!: string;
}

export class RevokePermitDto {
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export class ListPermitsQueryDto extends PageQueryDto {
  @IsCode({ optional: true })
  distributorCode?: string;

  @IsCode({ optional: true })
  regionCode?: string;

  /** Only permits valid on this day. */
  @IsOptional()
  @IsBusinessDate()
  activeOn?: string;

  /** Include revoked permits (default false). */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  includeRevoked?: boolean;
}

export class PermitDto {
  id!: string;
  distributorCode!: string;
  regionCode!: string;
  productLine!: string | null;
  sku!: string | null;
  validFrom!: string;
  validTo!: string;
  maxQuantity!: number | null;
  reason!: string;
  revokedAt!: string | null;
  revokeReason!: string | null;
  createdAt!: string;
}

export class PermitPageDto {
  items!: PermitDto[];
  nextCursor!: string | null;
}

export class TerritoryCheckQueryDto {
  @IsCode()
  distributorCode!: string;

  @IsCode()
  regionCode!: string;

  /** The product; its line decides line-scoped grants. */
  @IsCode({ optional: true })
  sku?: string;

  /** Instead of a SKU, a product line. Without either, only grants for every line count. */
  @IsLabel({ optional: true })
  productLine?: string;

  /** Without a channel, only grants for every channel count. */
  @IsLabel({ optional: true })
  channel?: string;

  /** Default: today. */
  @IsOptional()
  @IsBusinessDate()
  date?: string;
}

export class TerritoryHolderDto {
  distributorCode!: string;
}

export class TerritoryCheckDto {
  /** The distributor holds a grant covering the region for the line and channel that day. */
  inTerritory!: boolean;
  /** In territory, or covered by a live transfer permit. */
  allowed!: boolean;
  distributorCode!: string;
  regionCode!: string;
  sku!: string | null;
  productLine!: string | null;
  channel!: string | null;
  date!: string;
  /** The distributor's grants that cover the sale. */
  grants!: GrantDto[];
  /** Its live transfer permits that cover the sale. */
  permits!: PermitDto[];
  /** Who else holds this territory (the deepest grant wins): the victims if the sale were dumping. */
  otherHolders!: string[];
}
