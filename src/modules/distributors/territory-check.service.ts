import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { appConfig } from '../../config/configuration';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { distributorScope } from '../../common/auth/access';
import { Actor } from '../../common/auth/roles';
import { camelRow } from '../../database/camel-row';
import { preparedQuery } from '../../database/prepared-query';
import { today } from '../../common/dates/business-date';
import { CatalogError } from '../catalog/catalog.errors';
import { RegionsError } from '../regions/regions.errors';
import { DistributorsError } from './distributors.errors';
import { coveringGrantsSql, coveringPermitsSql, victimsSql } from './domain/coverage.sql';
import { TerritoryCheckDto, TerritoryCheckQueryDto } from './dto/territory.dto';
import { TerritoryGrant } from './territory-grant.entity';
import { toGrantDto, toPermitDto } from './territory.mapper';
import { TransferPermit } from './transfer-permit.entity';

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
    (SELECT coalesce(json_agg(g ORDER BY g.id), '[]') FROM territory_grant g WHERE g.id IN (SELECT c.grant_id FROM (${coveringGrantsSql('i')}) c)) AS grants,
    (SELECT coalesce(json_agg(p ORDER BY p.id), '[]') FROM transfer_permit p WHERE p.id IN (SELECT c.permit_id FROM (${coveringPermitsSql('i')}) c)) AS permits,
    (SELECT coalesce(array_agg(v.distributor_code ORDER BY v.distributor_code), '{}') FROM (${victimsSql('i')}) v) AS other_holders`;

interface CheckRow {
  distributor_known: boolean;
  region_known: boolean;
  sku_known: boolean;
  product_line: string | null;
  grants: Array<Record<string, unknown>>;
  permits: Array<Record<string, unknown>>;
  other_holders: string[];
}

@Injectable()
export class TerritoryCheckService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
  ) {}

  /** May this distributor sell this there on that day? Answered by the same SQL as bulk detection. */
  async check(actor: Actor, query: TerritoryCheckQueryDto): Promise<TerritoryCheckDto> {
    const scope = distributorScope(actor);
    if (scope !== null && scope !== query.distributorCode) throw new DistributorsError('DISTRIBUTOR_NOT_FOUND', `No distributor ${query.distributorCode}`);
    const date = query.date ?? today(this.app.businessTimeZone);
    const sku = query.sku ?? null;
    const [row] = await preparedQuery<CheckRow>(this.dataSource, 'territory-check', CHECK_SQL, [
      query.distributorCode,
      sku,
      query.productLine ?? null,
      query.channel ?? null,
      query.regionCode,
      date,
    ]);
    if (!row.distributor_known) {
      throw new DistributorsError('DISTRIBUTOR_UNKNOWN', `distributorCode: no distributor ${query.distributorCode}`, [
        { field: 'distributorCode', problems: [`no distributor ${query.distributorCode}`] },
      ]);
    }
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
      grants: row.grants.map((grant) => toGrantDto(camelRow<TerritoryGrant>(grant))),
      permits: row.permits.map((permit) => toPermitDto(camelRow<TransferPermit>(permit, ['created_at', 'revoked_at']))),
      // Who holds other territories is not a distributor's business.
      otherHolders: scope === null ? row.other_holders : [],
    };
  }
}
