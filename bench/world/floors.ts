import type { World } from './types';

/** Each SKU's distributor floors (in cents), wherever and whenever they apply; 10.00 for a SKU without one. */
export function distributorFloorCents(world: World): Map<string, number[]> {
  const floorsOf = new Map<string, number[]>();
  for (const product of world.products) {
    const cents = world.floors
      .filter((floor) => floor.level === 'distributor' && (floor.sku === product.sku || (!floor.sku && floor.productLine === product.productLine)))
      .map((floor) => Math.round(Number(floor.minUnitPrice) * 100));
    floorsOf.set(product.sku, cents.length ? cents : [1000]);
  }
  return floorsOf;
}
