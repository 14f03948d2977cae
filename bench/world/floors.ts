import type { FloorPayload, World } from './types';

/** Each SKU's floors of a level (in cents), wherever and whenever they apply; 10.00 for a SKU without one. */
export function floorCents(world: World, level: FloorPayload['level']): Map<string, number[]> {
  const floorsOf = new Map<string, number[]>();
  for (const product of world.products) {
    const cents = world.floors
      .filter((floor) => floor.level === level && (floor.sku === product.sku || (!floor.sku && floor.productLine === product.productLine)))
      .map((floor) => Math.round(Number(floor.minUnitPrice) * 100));
    floorsOf.set(product.sku, cents.length ? cents : [1000]);
  }
  return floorsOf;
}

/** Each SKU's distributor floors (in cents): what the sales benches price their lines against. */
export const distributorFloorCents = (world: World) => floorCents(world, 'distributor');
