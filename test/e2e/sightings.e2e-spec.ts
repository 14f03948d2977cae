import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REFRESH_SCALE_SQL } from '../../src/modules/incidents/incident-grouping.sql';
import { seedReferenceWorld } from '../factories/reference.factory';
import { createUser, CreatedUser } from '../factories/users.factory';
import { createTestApp, TestApp } from '../support/test-app';

/** A field rep's sightings over the reference world, with ZJ-GA's goods shipped under serials, a range, a pallet and lots. */
describe('Sightings (e2e)', () => {
  let t: TestApp;
  let rep: CreatedUser;
  const admin = () => ({ Authorization: `Bearer ${t.adminToken}` });
  const sight = (body: object, key?: string, token = rep.token) => {
    const request = t.http().post('/api/v1/sightings').auth(token, { type: 'bearer' });
    if (key) request.set('Idempotency-Key', key);
    return request.send(body);
  };
  const count = async (table: string) => (await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;
  const at = '2026-11-20T10:00:00+08:00';

  const dataDir = mkdtempSync(join(tmpdir(), 'sightings-e2e-'));

  beforeAll(async () => {
    t = await createTestApp({ env: { DATA_DIR: dataDir, PHOTO_MAX_BYTES: '65536' } });
    await seedReferenceWorld(t);
    const shipment = (shipmentRef: string, distributorCode: string, lines: object[]) =>
      t.http().post('/api/v1/shipments').set(admin()).send({ shipmentRef, distributorCode, shippedAt: '2026-04-01T08:00:00Z', lines }).expect(201);
    await shipment('SH-ZJ-1', 'ZJ-GA', [
      { sku: 'SNK-001', quantity: 100, unitPrice: '9.00', lot: 'L-ZJ', serialRanges: [{ from: 'ZJ000001', to: 'ZJ100000' }] },
      { sku: 'SNK-002', quantity: 10, unitPrice: '9.00', serials: ['PALLET-7'] },
    ]);
    await shipment('SH-JX-1', 'JX-AG', [{ sku: 'SNK-001', quantity: 50, unitPrice: '9.00', lot: 'L-SHARED' }]);
    await shipment('SH-FJ-1', 'FJ-AG', [{ sku: 'SNK-001', quantity: 50, unitPrice: '9.00', lot: 'L-SHARED' }]);
    await t
      .http()
      .post('/api/v1/code-aggregations')
      .set(admin())
      .send({ parentCode: 'PALLET-7', childCodes: ['CASE-7-1'] })
      .expect(201);
    await t
      .http()
      .post('/api/v1/code-aggregations')
      .set(admin())
      .send({ parentCode: 'CASE-7-1', childCodes: ['ITEM-1', 'ITEM-2'] })
      .expect(201);
    rep = await createUser(t, 'field_rep');
  });
  afterAll(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('traces goods sighted outside their territory to their distributor and opens DIVERTED_GOODS at once', async () => {
    const body = (
      await sight({
        observedAt: at,
        regionCode: '360102',
        sku: 'SNK-001',
        observedPrice: '18.00',
        codes: ['ZJ000123', 'ZJ000124'],
        storeName: 'Nanchang market',
      }).expect(201)
    ).body;
    expect(body).toMatchObject({ id: expect.any(String), regionCode: '360102', provinceCode: '360000', observedOn: '2026-11-20', productLine: 'snacks' });
    expect(body.traces).toEqual([
      expect.objectContaining({ code: 'ZJ000123', outcome: 'traced', confidence: 'high', distributorCode: 'ZJ-GA', shipmentRef: 'SH-ZJ-1' }),
      expect.objectContaining({ code: 'ZJ000124', outcome: 'traced', distributorCode: 'ZJ-GA' }),
    ]);
    expect(body.violations).toEqual([
      expect.objectContaining({
        type: 'DIVERTED_GOODS',
        status: 'active',
        source: expect.objectContaining({ kind: 'sighting', id: body.id }),
        offenderCode: 'ZJ-GA',
        victimCodes: ['JX-AG'],
        regionCode: '360102',
        sku: 'SNK-001',
        quantity: 2,
        unitPrice: '18.00',
        occurredOn: '2026-11-20',
        confidence: 'high',
        incidentId: expect.any(String),
      }),
    ]);
    const incident = (await t.http().get(`/api/v1/incidents/${body.violations[0].incidentId}`).set(admin()).expect(200)).body;
    expect(incident).toMatchObject({ offenderCode: 'ZJ-GA', productLine: 'snacks', destinationRegionCode: '360000' });
    // The rep reads the incident its sighting opened; another rep does not.
    await t.http().get(`/api/v1/incidents/${incident.id}`).auth(rep.token, { type: 'bearer' }).expect(200);
    const listed = (await t.http().get('/api/v1/incidents?limit=100').auth(rep.token, { type: 'bearer' }).expect(200)).body.items;
    expect(listed.map((item: { id: string }) => item.id)).toContain(incident.id);
    // Another rep whose sighting only joins it does not read it: a rep reads the incidents its sightings opened.
    const other = await createUser(t, 'field_rep');
    const joined = (
      await sight({ observedAt: at, regionCode: '360102', sku: 'SNK-001', observedPrice: '18.00', codes: ['ZJ000125'] }, undefined, other.token).expect(201)
    ).body;
    expect(joined.violations[0].incidentId).toBe(incident.id);
    await t.http().get(`/api/v1/incidents/${incident.id}`).auth(other.token, { type: 'bearer' }).expect(404);
    expect((await t.http().get('/api/v1/incidents').auth(other.token, { type: 'bearer' }).expect(200)).body.items).toEqual([]);
  });

  it('holds a retail price, not a wholesale one, to the retail floor', async () => {
    const seen = { observedAt: at, regionCode: '330106', sku: 'SNK-001', observedPrice: '12.00', codes: ['ZJ000210'] };
    expect((await sight({ ...seen, priceLevel: 'wholesale' }).expect(201)).body.violations).toEqual([]);
    expect((await sight({ ...seen, codes: ['ZJ000211'], priceLevel: 'retail' }).expect(201)).body.violations).toEqual([
      expect.objectContaining({ type: 'BELOW_RETAIL_FLOOR' }),
    ]);
  });

  it('flags a price under the retail floor against the distributor the goods trace to, in its own territory', async () => {
    const body = (await sight({ observedAt: at, regionCode: '330106', sku: 'SNK-001', observedPrice: '12.00', codes: ['ZJ000200'] }).expect(201)).body;
    expect(body.violations).toEqual([
      expect.objectContaining({
        type: 'BELOW_RETAIL_FLOOR',
        offenderCode: 'ZJ-GA',
        floorPrice: '15.00',
        unitPrice: '12.00',
        confidence: 'high',
        victimCodes: [],
      }),
    ]);
    // At the floor, in territory: nothing.
    expect(
      (await sight({ observedAt: at, regionCode: '330106', sku: 'SNK-001', observedPrice: '15.00', codes: ['ZJ000201'] }).expect(201)).body.violations,
    ).toEqual([]);
  });

  it('records a code never shipped as UNKNOWN_CODE without an offender, and a price under the floor with no one to blame', async () => {
    const body = (await sight({ observedAt: at, regionCode: '330106', sku: 'SNK-001', observedPrice: '10.00', codes: ['FAKE-0001'] }).expect(201)).body;
    expect(body.traces).toEqual([expect.objectContaining({ code: 'FAKE-0001', outcome: 'unknown', distributorCode: null })]);
    expect(body.violations.map((v: { type: string; offenderCode: string | null }) => [v.type, v.offenderCode]).sort()).toEqual([
      ['BELOW_RETAIL_FLOOR', null],
      ['UNKNOWN_CODE', null],
    ]);
    expect(body.violations.find((v: { type: string }) => v.type === 'UNKNOWN_CODE')).toMatchObject({ confidence: null, evidence: { codes: ['FAKE-0001'] } });
  });

  it('gives a lot shipped to one distributor confidence medium, and opens nothing against anyone for a lot shipped to several', async () => {
    const medium = (await sight({ observedAt: at, regionCode: '360102', sku: 'SNK-001', observedPrice: '18.00', lot: 'L-ZJ' }).expect(201)).body;
    expect(medium.violations).toEqual([expect.objectContaining({ type: 'DIVERTED_GOODS', offenderCode: 'ZJ-GA', confidence: 'medium', quantity: 1 })]);
    const ambiguous = (await sight({ observedAt: at, regionCode: '330106', sku: 'SNK-001', observedPrice: '18.00', lot: 'L-SHARED' }).expect(201)).body;
    expect(ambiguous.traces).toEqual([expect.objectContaining({ lot: 'L-SHARED', outcome: 'ambiguous', candidates: ['FJ-AG', 'JX-AG'] })]);
    expect(ambiguous.violations).toEqual([]);
  });

  it('traces a packed item through its case and pallet; a transfer permit makes its sighting permitted, not a violation', async () => {
    const body = (
      await sight({ observedAt: '2026-05-15T10:00:00+08:00', regionCode: '360102', sku: 'SNK-002', observedPrice: '18.00', codes: ['ITEM-2'] }).expect(201)
    ).body;
    expect(body.traces).toEqual([expect.objectContaining({ outcome: 'traced', distributorCode: 'ZJ-GA', via: ['CASE-7-1', 'PALLET-7'] })]);
    expect(body.violations).toEqual([expect.objectContaining({ type: 'DIVERTED_GOODS', status: 'permitted', permitId: expect.any(String), incidentId: null })]);
  });

  it('is quiet about goods sighted in their own territory at a fair price', async () => {
    const body = (await sight({ observedAt: at, regionCode: '330106', sku: 'SNK-001', observedPrice: '20.00', codes: ['ZJ000300'] }).expect(201)).body;
    expect(body.traces[0].outcome).toBe('traced');
    expect(body.violations).toEqual([]);
  });

  it('traces several codes in one sighting in the order scanned, each to its own outcome', async () => {
    const body = (
      await sight({ observedAt: at, regionCode: '330106', sku: 'SNK-002', observedPrice: '30.00', codes: ['FAKE-0002', 'ITEM-2', 'ZJ000140'] }).expect(201)
    ).body;
    expect(body.traces.map((trace: { code: string; outcome: string; via: string[] }) => [trace.code, trace.outcome, trace.via])).toEqual([
      ['FAKE-0002', 'unknown', []],
      ['ITEM-2', 'traced', ['CASE-7-1', 'PALLET-7']],
      ['ZJ000140', 'sku_mismatch', []],
    ]);
    // Where the distributor may sell is shown for traced goods only.
    expect(body.traces[1].territories).toEqual([expect.objectContaining({ regionCode: '330000' })]);
    expect(body.traces[2].territories).toEqual([]);
  });

  it('answers each sighting with its violations exactly as GET /violations reads them', async () => {
    const body = (await sight({ observedAt: at, regionCode: '360102', sku: 'SNK-001', observedPrice: '10.00', codes: ['ZJ000150', 'FAKE-0003'] }).expect(201))
      .body;
    expect(body.violations.map((violation: { type: string }) => violation.type).sort()).toEqual(['DIVERTED_GOODS', 'UNKNOWN_CODE']);
    const listed = (await t.http().get('/api/v1/violations?sourceKind=sighting&limit=100').set(admin()).expect(200)).body.items;
    const read = listed.filter((violation: { source: { id: string } }) => violation.source.id === body.id).reverse();
    expect(body.violations).toEqual(read);
  });

  it('opens one incident for concurrent sightings of a new case, each counted in its scale as a full recount counts it', async () => {
    const reps = await Promise.all(Array.from({ length: 4 }, () => createUser(t, 'field_rep')));
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        sight(
          {
            observedAt: at,
            regionCode: '350200',
            sku: 'SNK-001',
            observedPrice: `${18 + (i % 3)}.00`,
            codes: i % 2 === 1 ? [`ZJ00${7000 + i}`] : [`ZJ00${7000 + i}`, `ZJ00${7100 + i}`],
          },
          `new-case-${i}`,
          reps[i % 4].token,
        ),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(12).fill(201));
    const incidentIds = new Set(answers.flatMap((answer) => answer.body.violations.map((violation: { incidentId: string }) => violation.incidentId)));
    expect(incidentIds.size).toBe(1);
    const [id] = [...incidentIds];
    const added = (await t.http().get(`/api/v1/incidents/${id}`).set(admin()).expect(200)).body;
    expect(added).toMatchObject({ offenderCode: 'ZJ-GA', productLine: 'snacks', destinationRegionCode: '350000', violationCount: 12 });
    // FJ-AG holds Fujian for modern trade only: a shelf sighting names no channel, so it is no victim (see coverage.sql.ts).
    expect(added.scale).toMatchObject({ units: 18, regionCodes: ['350200'], victimCodes: [] });
    // Exactly one of the sightings opened it.
    const opened = await t.dataSource.query(`SELECT count(*)::int AS n FROM sighting WHERE $1::uuid = ANY (opened_incident_ids)`, [id]);
    expect(opened[0].n).toBe(1);
    await t.dataSource.query(REFRESH_SCALE_SQL, [[id]]);
    const recounted = (await t.http().get(`/api/v1/incidents/${id}`).set(admin()).expect(200)).body;
    expect({ ...recounted, updatedAt: added.updatedAt, version: added.version }).toEqual(added);
  });

  describe('with an Idempotency-Key', () => {
    const body = { observedAt: at, regionCode: '360102', sku: 'SNK-001', observedPrice: '18.00', codes: ['ZJ000500'] };

    it('answers the same key and body with the first response again, and stores one sighting', async () => {
      const first = await sight(body, 'key-1').expect(201);
      const before = [await count('sighting'), await count('violation')];
      const again = await sight({ ...body }, 'key-1').expect(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      expect([await count('sighting'), await count('violation')]).toEqual(before);
    });

    it('refuses the same key with another body with 422', async () => {
      await sight(body, 'key-2').expect(201);
      const response = await sight({ ...body, observedPrice: '17.00' }, 'key-2').expect(422);
      expect(response.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    });

    it('makes exactly one sighting of 50 concurrent identical requests, each answered with it', async () => {
      const before = await count('sighting');
      const responses = await Promise.all(Array.from({ length: 50 }, () => sight({ ...body, codes: ['ZJ000600'] }, 'key-burst')));
      expect(responses.map((response) => response.status)).toEqual(Array(50).fill(201));
      expect(new Set(responses.map((response) => response.body.id)).size).toBe(1);
      expect(await count('sighting')).toBe(before + 1);
      expect(responses.filter((response) => response.headers['idempotent-replayed'] === 'true')).toHaveLength(49);
    });

    it('keeps keys apart between reps', async () => {
      const other = await createUser(t, 'field_rep');
      const mine = (await sight(body, 'key-shared').expect(201)).body;
      const theirs = (await sight(body, 'key-shared', other.token).expect(201)).body;
      expect(theirs.id).not.toBe(mine.id);
    });
  });

  it('receives an offline batch item by item: a bad item answers in its place, a re-sent batch is answered again', async () => {
    const item = (key: string, overrides: object = {}) => ({
      idempotencyKey: key,
      observedAt: at,
      regionCode: '360102',
      sku: 'SNK-001',
      observedPrice: '18.00',
      ...overrides,
    });
    const items = [
      item('b-1', { codes: ['ZJ000700'] }),
      item('b-2', { regionCode: 'NOWHERE' }),
      item('b-3', { observedPrice: 'cheap' }),
      { observedAt: at },
      item('b-5'),
      item('b-6', { storeName: 'nul \u0000 inside' }),
      item('', {}),
    ];
    const before = await count('sighting');
    const batch = (await t.http().post('/api/v1/sightings/batch').auth(rep.token, { type: 'bearer' }).send({ items }).expect(200)).body;
    expect(batch).toMatchObject({ created: 2, replayed: 0, failed: 5 });
    expect(batch.items.map((result: { index: number; status: number }) => [result.index, result.status])).toEqual([
      [0, 201],
      [1, 422],
      [2, 400],
      [3, 400],
      [4, 201],
      [5, 400],
      [6, 400],
    ]);
    expect(batch.items[0].sighting.violations).toEqual([expect.objectContaining({ type: 'DIVERTED_GOODS', offenderCode: 'ZJ-GA' })]);
    expect(batch.items[1].error).toMatchObject({ code: 'REGION_UNKNOWN' });
    expect(JSON.stringify(batch.items[2].error.details)).toContain('observedPrice');
    expect(JSON.stringify(batch.items[3].error.details)).toContain('idempotencyKey');
    expect(await count('sighting')).toBe(before + 2);
    const again = (await t.http().post('/api/v1/sightings/batch').auth(rep.token, { type: 'bearer' }).send({ items }).expect(200)).body;
    expect(again).toMatchObject({ created: 0, replayed: 2, failed: 5 });
    expect(again.items[0].sighting.id).toBe(batch.items[0].sighting.id);
    expect(await count('sighting')).toBe(before + 2);
    await t.http().post('/api/v1/sightings/batch').auth(rep.token, { type: 'bearer' }).send({ items: [] }).expect(400);
  });

  it('refuses bad input with a clear 400 or 422, storing nothing', async () => {
    const before = await count('sighting');
    const valid = { observedAt: at, regionCode: '330106', sku: 'SNK-001', observedPrice: '18.00' };
    const future = new Date(Date.now() + 20 * 60 * 1000).toISOString();
    const soon = new Date(Date.now() + 5 * 60 * 1000).toISOString();
    expect((await sight({ ...valid, observedAt: future }).expect(400)).body.details).toEqual([expect.objectContaining({ field: 'observedAt' })]);
    expect(JSON.stringify((await sight({ ...valid, observedPrice: '0' }).expect(400)).body.details)).toContain('observedPrice');
    expect(JSON.stringify((await sight({ ...valid, lat: 91, lon: 181 }).expect(400)).body.details)).toMatch(/lat.*lon|lon.*lat/);
    expect((await sight({ ...valid, regionCode: 'NOWHERE' }).expect(422)).body.code).toBe('REGION_UNKNOWN');
    expect((await sight({ ...valid, sku: 'NOPE' }).expect(422)).body.code).toBe('PRODUCT_UNKNOWN');
    await sight({ ...valid }, 'bad key with spaces').expect(400);
    expect(await count('sighting')).toBe(before);
    // A phone a few minutes fast is fine.
    await sight({ ...valid, observedAt: soon }).expect(201);
  });

  it('shows a field rep its own sightings only; managers see all; distributors none', async () => {
    const other = await createUser(t, 'field_rep');
    const theirs = (await sight({ observedAt: at, regionCode: '330106', sku: 'SNK-001', observedPrice: '20.00' }, undefined, other.token).expect(201)).body;
    const mine = (await t.http().get('/api/v1/sightings?limit=1000').auth(rep.token, { type: 'bearer' }).expect(200)).body.items;
    expect(mine.length).toBeGreaterThan(5);
    expect(mine.every((item: { reportedBy: string }) => item.reportedBy === rep.email)).toBe(true);
    await t.http().get(`/api/v1/sightings/${theirs.id}`).auth(rep.token, { type: 'bearer' }).expect(404);
    await t.http().get(`/api/v1/sightings/${theirs.id}`).auth(other.token, { type: 'bearer' }).expect(200);
    const all = (await t.http().get('/api/v1/sightings?limit=1000').set(admin()).expect(200)).body.items;
    expect(all.map((item: { id: string }) => item.id)).toContain(theirs.id);
    const distributor = await createUser(t, 'distributor', { distributorCode: 'JX-AG' });
    await t.http().get('/api/v1/sightings').auth(distributor.token, { type: 'bearer' }).expect(403);
    await sight({ observedAt: at, regionCode: '330106', sku: 'SNK-001', observedPrice: '20.00' }, undefined, distributor.token).expect(403);
  });

  describe('photos', () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('a small png body')]);
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('jpeg body')]);
    const webp = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x10, 0, 0, 0]), Buffer.from('WEBPVP8 body')]);
    let sightingId: string;
    const upload = (bytes: Buffer, filename: string, token = rep.token, id = sightingId) =>
      t.http().post(`/api/v1/sightings/${id}/photos`).auth(token, { type: 'bearer' }).attach('photo', bytes, filename);

    beforeAll(async () => {
      sightingId = (await sight({ observedAt: at, regionCode: '330106', sku: 'SNK-001', observedPrice: '20.00' }).expect(201)).body.id;
    });

    it('stores a JPEG, PNG or WebP judged by content, with its SHA-256, and reads it back byte for byte', async () => {
      const added = (await upload(png, 'shelf.jpg').expect(201)).body;
      expect(added).toMatchObject({
        sightingId,
        contentType: 'image/png',
        bytes: png.length,
        sha256: createHash('sha256').update(png).digest('hex'),
        fileName: 'shelf.jpg',
      });
      await upload(jpeg, 'a.bin').expect(201);
      expect((await upload(webp, 'b').expect(201)).body.contentType).toBe('image/webp');
      const back = await t
        .http()
        .get(added.url)
        .auth(rep.token, { type: 'bearer' })
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
      expect(back.headers['content-type']).toBe('image/png');
      expect((back.body as Buffer).equals(png)).toBe(true);
      const list = (await t.http().get(`/api/v1/sightings/${sightingId}/photos`).auth(rep.token, { type: 'bearer' }).expect(200)).body.items;
      expect(list.map((photo: { contentType: string }) => photo.contentType)).toEqual(['image/png', 'image/jpeg', 'image/webp']);
    });

    it('refuses what is not an image with 415 whatever its name, a photo over the limit with 413, and no photo with 400', async () => {
      expect((await upload(Buffer.from('GIF89a not ours'), 'photo.png').expect(415)).body.code).toBe('PHOTO_UNSUPPORTED_TYPE');
      await upload(Buffer.concat([jpeg, Buffer.alloc(70_000)]), 'big.jpg').expect(413);
      await t.http().post(`/api/v1/sightings/${sightingId}/photos`).auth(rep.token, { type: 'bearer' }).field('note', 'x').expect(400);
      const list = (await t.http().get(`/api/v1/sightings/${sightingId}/photos`).auth(rep.token, { type: 'bearer' }).expect(200)).body.items;
      expect(list).toHaveLength(3);
    });

    it('keeps another rep out of the sighting and its photos', async () => {
      const other = await createUser(t, 'field_rep');
      await upload(png, 'x.png', other.token).expect(404);
      await t.http().get(`/api/v1/sightings/${sightingId}/photos`).auth(other.token, { type: 'bearer' }).expect(404);
      const [photo] = (await t.http().get(`/api/v1/sightings/${sightingId}/photos`).set(admin()).expect(200)).body.items;
      await t.http().get(photo.url).auth(other.token, { type: 'bearer' }).expect(404);
    });
  });
});
