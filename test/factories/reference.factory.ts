import type { TestApp } from '../support/test-app';
import { DISTRIBUTORS, FLOORS, GRANTS, PERMITS, PRODUCTS, REGIONS } from '../rules/reference-world';

const bearer = (t: TestApp) => ({ Authorization: `Bearer ${t.adminToken}` });

/** Makes sure a distributor exists (with a minimal region tree), for tests that only need one to bind a user or key to. */
export async function ensureDistributor(t: TestApp, code: string): Promise<void> {
  const existing = await t.http().get(`/api/v1/distributors/${code}`).set(bearer(t));
  if (existing.status === 200) return;
  await t
    .http()
    .put('/api/v1/regions')
    .set(bearer(t))
    .send([{ code: 'CN', name: '中国', parentCode: null, level: 'country' }])
    .expect(200);
  await t
    .http()
    .post('/api/v1/distributors')
    .set(bearer(t))
    .send({ code, name: `Distributor ${code}`, homeRegionCode: 'CN' })
    .expect(201);
}

export interface SeededWorld {
  /** Database ids by world id ('g-zj' -> uuid). */
  ids: Map<string, string>;
}

/** Loads the rule table's reference world through the public API, as a brand's team would. */
export async function seedReferenceWorld(t: TestApp): Promise<SeededWorld> {
  const ids = new Map<string, string>();
  const http = () => t.http();
  await http().put('/api/v1/regions').set(bearer(t)).send(REGIONS).expect(200);
  for (const distributor of DISTRIBUTORS) {
    const { parentCode, ...rest } = distributor;
    await http()
      .post('/api/v1/distributors')
      .set(bearer(t))
      .send({ ...rest, ...(parentCode ? { parentCode } : {}) })
      .expect(201);
  }
  await http().post('/api/v1/products').set(bearer(t)).send(PRODUCTS).expect(201);
  for (const grant of GRANTS) {
    const { id, distributorCode, ...terms } = grant;
    const response = await http().post(`/api/v1/distributors/${distributorCode}/territories`).set(bearer(t)).send(terms).expect(201);
    ids.set(id, response.body.id);
  }
  for (const permit of PERMITS) {
    const { id, revoked, usedQuantity, ...terms } = permit;
    const response = await http()
      .post('/api/v1/transfer-permits')
      .set(bearer(t))
      .send({ ...terms, reason: 'test world' })
      .expect(201);
    ids.set(id, response.body.id);
    // Units sold under a permit are recorded by detection; the world starts some permits part-used.
    if (usedQuantity) await t.dataSource.query(`UPDATE transfer_permit SET used_quantity = $2 WHERE id = $1`, [response.body.id, usedQuantity]);
    if (revoked) await http().post(`/api/v1/transfer-permits/${response.body.id}/revoke`).set(bearer(t)).send({ reason: 'test world' }).expect(200);
  }
  const floors = await http()
    .post('/api/v1/price-floors')
    .set(bearer(t))
    .send(FLOORS.map(({ id: _id, ...terms }) => terms))
    .expect(201);
  FLOORS.forEach((floor, index) => ids.set(floor.id, floors.body.items[index].id));
  return { ids };
}
