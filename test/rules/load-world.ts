import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { markReshaped, rebuildRegionTree } from '../../src/modules/regions/region-tree.sql';
import { DISTRIBUTORS, FLOORS, GRANTS, PERMITS, PRODUCTS, REGIONS } from './reference-world';

/** Writes the reference world straight into the tables; returns database ids by world id ('g-zj' -> uuid). */
export async function loadReferenceWorld(dataSource: DataSource): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const idOf = (worldId: string) => {
    if (!ids.has(worldId)) ids.set(worldId, randomUUID());
    return ids.get(worldId)!;
  };
  await dataSource.transaction(async (manager) => {
    for (const region of REGIONS) {
      await manager.query(`INSERT INTO region (code, name, parent_code, level) VALUES ($1, $2, $3, $4)`, [
        region.code,
        region.name,
        region.parentCode,
        region.level,
      ]);
    }
    await markReshaped(manager);
    await rebuildRegionTree(manager);
    for (const distributor of DISTRIBUTORS) {
      await manager.query(`INSERT INTO distributor (code, name, tier, parent_code, home_region_code) VALUES ($1, $2, $3, $4, $5)`, [
        distributor.code,
        distributor.name,
        distributor.tier,
        distributor.parentCode,
        distributor.homeRegionCode,
      ]);
    }
    for (const product of PRODUCTS) {
      await manager.query(`INSERT INTO product (sku, name, product_line) VALUES ($1, $2, $3)`, [product.sku, product.name, product.productLine]);
    }
    for (const grant of GRANTS) {
      await manager.query(
        `INSERT INTO territory_grant (id, distributor_code, region_code, product_line, channel, valid_from, valid_to, exclusive) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [idOf(grant.id), grant.distributorCode, grant.regionCode, grant.productLine, grant.channel, grant.validFrom, grant.validTo, grant.exclusive],
      );
    }
    for (const permit of PERMITS) {
      await manager.query(
        `INSERT INTO transfer_permit (id, distributor_code, region_code, product_line, sku, valid_from, valid_to, reason, revoked_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'rule table', $8)`,
        [
          idOf(permit.id),
          permit.distributorCode,
          permit.regionCode,
          permit.productLine,
          permit.sku,
          permit.validFrom,
          permit.validTo,
          permit.revoked ? new Date() : null,
        ],
      );
    }
    for (const floor of FLOORS) {
      await manager.query(
        `INSERT INTO price_floor (id, sku, product_line, region_code, channel, level, min_unit_price, valid_from, valid_to) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [idOf(floor.id), floor.sku, floor.productLine, floor.regionCode, floor.channel, floor.level, floor.minUnitPrice, floor.validFrom, floor.validTo],
      );
    }
  });
  return ids;
}
