import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { canSeeDistributor } from '../../common/auth/access';
import { Actor } from '../../common/auth/roles';
import { preparedQuery } from '../../database/prepared-query';
import { today } from '../../common/dates/business-date';
import { CatalogError } from '../catalog/catalog.errors';
import { RegionsError } from '../regions/regions.errors';
import { DistributorsError } from './distributors.errors';
import { coveringGrantsSql, coveringPermitsSql, victimsSql } from './domain/coverage.sql';
import { GrantDto, PermitDto, TerritoryCheckDto, TerritoryCheckQueryDto } from './dto/territory.dto';

/**
 * The whole check in one round trip: the references, and the same coverage,
 * permit and victim SQL that bulk detection runs, over a one-line batch `i`.
 */
const CHECK_SQL = `
  WITH i AS (
    SELECT 1 AS line_id, $1::text AS distributor_code, $1::text AS offender_code, $2::text AS sku,
           coalesce((SELECT product_line FROM product WHERE sku = $2), $3::text) AS product_line,
           $4::text AS channel, $5::text AS region_code, $6::date AS sale_date
  )
  SELECT
    EXISTS (SELECT 1 FROM distributor WHERE code = $1) AS distributor_known,
    EXISTS (SELECT 1 FROM region WHERE code = $5) AS region_known,
    $2::text IS NULL OR EXISTS (SELECT 1 FROM product WHERE sku = $2) AS sku_known,
    (SELECT product_line FROM i) AS product_line,
    (SELECT coalesce(json_agg(json_build_object(
        'id', c.grant_id, 'distributorCode', c.distributor_code, 'regionCode', c.region_code, 'productLine', c.product_line,
        'channel', c.channel, 'validFrom', c.valid_from, 'validTo', c.valid_to, 'exclusive', c.exclusive, 'createdAt', g.created_at)
        ORDER BY c.grant_id), '[]')
     FROM (${coveringGrantsSql('i')}) c JOIN territory_grant g ON g.id = c.grant_id) AS grants,
    (SELECT coalesce(json_agg(json_build_object(
        'id', p.id, 'distributorCode', p.distributor_code, 'regionCode', p.region_code, 'productLine', p.product_line, 'sku', p.sku,
        'validFrom', p.valid_from, 'validTo', p.valid_to, 'maxQuantity', p.max_quantity, 'reason', p.reason,
        'revokedAt', p.revoked_at, 'revokeReason', p.revoke_reason, 'createdAt', p.created_at)
        ORDER BY p.id), '[]')
     FROM (${coveringPermitsSql('i')}) c JOIN transfer_permit p ON p.id = c.permit_id) AS permits,
    (SELECT coalesce(array_agg(v.distributor_code ORDER BY v.distributor_code), '{}') FROM (${victimsSql('i')}) v) AS other_holders`;

interface CheckRow {
  distributor_known: boolean;
  region_known: boolean;
  sku_known: boolean;
  product_line: string | null;
  grants: Array<GrantDto & { createdAt: string }>;
  permits: Array<PermitDto & { createdAt: string; revokedAt: string | null }>;
  other_holders: string[];
}

const iso = (moment: string | null) => (moment === null ? null : new Date(moment).toISOString());

@Injectable()
export class TerritoryCheckService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** May this distributor sell this there on that day? Answered by the same SQL as bulk detection. */
  async check(actor: Actor, query: TerritoryCheckQueryDto): Promise<TerritoryCheckDto> {
    const notFound = () => new DistributorsError('DISTRIBUTOR_NOT_FOUND', `No distributor ${query.distributorCode}`);
    if (!canSeeDistributor(actor, query.distributorCode)) throw notFound();
    const date = query.date ?? today();
    const sku = query.sku ?? null;
    const [row] = await preparedQuery<CheckRow>(this.dataSource, 'territory-check', CHECK_SQL, [
      query.distributorCode,
      sku,
      query.productLine ?? null,
      query.channel ?? null,
      query.regionCode,
      date,
    ]);
    if (!row.distributor_known) throw notFound();
    if (!row.region_known) {
      throw new RegionsError('REGION_UNKNOWN', `regionCode: no region ${query.regionCode}`, [
        { field: 'regionCode', problems: [`no region ${query.regionCode}`] },
      ]);
    }
    if (!row.sku_known) throw new CatalogError('PRODUCT_UNKNOWN', `sku: no product ${sku}`, [{ field: 'sku', problems: [`no product ${sku}`] }]);
    return {
      inTerritory: row.grants.length > 0,
      allowed: row.grants.length > 0 || row.permits.length > 0,
      distributorCode: query.distributorCode,
      regionCode: query.regionCode,
      sku,
      productLine: row.product_line,
      channel: query.channel ?? null,
      date,
      grants: row.grants.map((grant) => ({ ...grant, createdAt: iso(grant.createdAt)! })),
      permits: row.permits.map((permit) => ({ ...permit, createdAt: iso(permit.createdAt)!, revokedAt: iso(permit.revokedAt) })),
      otherHolders: row.other_holders,
    };
  }
}
