import type { GrantDto, PermitDto } from './dto/territory.dto';
import type { TerritoryGrant } from './territory-grant.entity';
import type { TransferPermit } from './transfer-permit.entity';

export function toGrantDto(grant: TerritoryGrant): GrantDto {
  return {
    id: grant.id,
    distributorCode: grant.distributorCode,
    regionCode: grant.regionCode,
    productLine: grant.productLine,
    channel: grant.channel,
    validFrom: grant.validFrom,
    validTo: grant.validTo,
    exclusive: grant.exclusive,
    createdAt: grant.createdAt.toISOString(),
  };
}

export function toPermitDto(permit: TransferPermit): PermitDto {
  return {
    id: permit.id,
    distributorCode: permit.distributorCode,
    regionCode: permit.regionCode,
    productLine: permit.productLine,
    sku: permit.sku,
    validFrom: permit.validFrom,
    validTo: permit.validTo,
    maxQuantity: permit.maxQuantity,
    reason: permit.reason,
    revokedAt: permit.revokedAt?.toISOString() ?? null,
    revokeReason: permit.revokeReason,
    createdAt: permit.createdAt.toISOString(),
  };
}
