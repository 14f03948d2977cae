import { seedReferenceWorld } from '../factories/reference.factory';
import { createUser } from '../factories/users.factory';
import { createTestApp, TestApp } from '../support/test-app';

const HEADER = 'shipment_ref,distributor_code,shipped_at,line_no,sku,quantity,unit_price,lot,serial,serial_from,serial_to';

describe('Shipments (e2e)', () => {
  let t: TestApp;
  const admin = () => ({ Authorization: `Bearer ${t.adminToken}` });
  const post = (body: object) => t.http().post('/api/v1/shipments').set(admin()).send(body);
  const importFile = (rows: string[]) =>
    t
      .http()
      .post('/api/v1/shipments/import')
      .set(admin())
      .set('Content-Type', 'text/csv')
      .send([HEADER, ...rows].join('\n'));
  const count = async (table: string) => (await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;

  const SHIPMENT = {
    shipmentRef: 'SH-ZJ-001',
    distributorCode: 'ZJ-GA',
    shippedAt: '2026-04-20T09:00:00+08:00',
    lines: [
      { sku: 'SNK-001', quantity: 1000, unitPrice: '7.50', lot: 'LOT-2026-04-A' },
      { sku: 'SNK-001', quantity: 3, unitPrice: '7.50', serials: ['ZJ0000001', 'ZJ0000002', 'ZJ0000003'] },
      { sku: 'SNK-002', quantity: 1_000_000, unitPrice: '6.00', serialRanges: [{ from: 'ZJR0000001', to: 'ZJR1000000' }] },
    ],
  };

  beforeAll(async () => {
    t = await createTestApp();
    await seedReferenceWorld(t);
  });
  afterAll(() => t.close());

  it('records a shipment, binding lots, serials and a million-code range as one row', async () => {
    const response = await post(SHIPMENT).expect(201);
    expect(response.body).toEqual({
      id: expect.any(String),
      ref: 'SH-ZJ-001',
      shipmentRef: 'SH-ZJ-001',
      distributorCode: 'ZJ-GA',
      shippedAt: '2026-04-20T01:00:00.000Z',
      duplicate: false,
      lines: 3,
      accepted: 3,
      units: 1_001_003,
      codes: 1_000_003,
      violations: {},
      incidentsOpened: 0,
      incidentsUpdated: 0,
    });
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM code_binding WHERE shipment_id = $1`, [response.body.id]);
    expect(n).toBe(4);
    const detail = (await t.http().get(`/api/v1/shipments/${response.body.id}`).set(admin()).expect(200)).body;
    expect(detail.lines).toEqual([
      { lineNo: 1, sku: 'SNK-001', quantity: 1000, unitPrice: '7.50', lot: 'LOT-2026-04-A', serials: [], serialRanges: [] },
      { lineNo: 2, sku: 'SNK-001', quantity: 3, unitPrice: '7.50', lot: null, serials: ['ZJ0000001', 'ZJ0000002', 'ZJ0000003'], serialRanges: [] },
      {
        lineNo: 3,
        sku: 'SNK-002',
        quantity: 1_000_000,
        unitPrice: '6.00',
        lot: null,
        serials: [],
        serialRanges: [{ from: 'ZJR0000001', to: 'ZJR1000000', count: 1_000_000 }],
      },
    ]);
  });

  it('finds the range holding a code with an index lookup', async () => {
    const plan: Array<{ 'QUERY PLAN': string }> = await t.dataSource.query(
      `EXPLAIN SELECT * FROM code_binding WHERE prefix = 'ZJR' AND width = 7 AND int8range(first_number, last_number, '[]') @> 500000::bigint`,
    );
    expect(plan.map((row) => row['QUERY PLAN']).join('\n')).toMatch(/Index Scan|Bitmap Index Scan/);
  });

  it('answers the same shipment again as a duplicate, and refuses other content under its ref', async () => {
    const again = await post(SHIPMENT).expect(200);
    expect(again.body.duplicate).toBe(true);
    const changed = await post({ ...SHIPMENT, lines: [SHIPMENT.lines[0]] }).expect(409);
    expect(changed.body.code).toBe('SHIPMENT_REF_CONFLICT');
  });

  it('refuses codes already bound by another shipment, naming them and that shipment', async () => {
    const before = await count('shipment');
    const response = await post({
      shipmentRef: 'SH-JX-001',
      distributorCode: 'JX-AG',
      shippedAt: '2026-04-21T09:00:00+08:00',
      lines: [{ sku: 'SNK-002', quantity: 10, unitPrice: '6.00', serials: ['ZJ0000002'], serialRanges: [{ from: 'ZJR0999990', to: 'ZJR1000010' }] }],
    }).expect(409);
    expect(response.body).toMatchObject({
      code: 'SHIPMENT_CODES_ALREADY_BOUND',
      details: {
        codes: expect.arrayContaining([
          { line: 0, codes: 'ZJ0000002', boundBy: { shipmentRef: 'SH-ZJ-001', id: expect.any(String) } },
          { line: 0, codes: 'ZJR0999990..ZJR1000000', boundBy: { shipmentRef: 'SH-ZJ-001', id: expect.any(String) } },
        ]),
      },
    });
    expect(await count('shipment')).toBe(before);
  });

  it('imports a file of several shipments; problems are listed by line and nothing is stored', async () => {
    const refused = await importFile([
      'SH-F-1,JX-AG,2026-04-22T10:00:00+08:00,1,SNK-001,10,7.00,,,,',
      'SH-F-1,FJ-AG,2026-04-22T10:00:00+08:00,2,SNK-001,10,7.00,,,,',
      'SH-F-2,FJ-AG,yesterday,1,SNK-001,10,7.00,,,,',
      'SH-F-2,FJ-AG,2026-04-22,2,NOPE,10,7.00,,,,',
      'SH-F-3,FJ-AG,2026-04-22,1,SNK-001,10,7.00,,FJ001,FJ100,FJ200',
      'SH-F-3,FJ-AG,2026-04-22,2,SNK-001,10,7.00,,,FJ300,FJ20',
      'SH-F-3,FJ-AG,2026-04-22,3,SNK-001,10,7.00,,,FJ100,FJ200',
      'SH-F-3,FJ-AG,2026-04-22,4,SNK-001,10,7.00,,,FJ150,FJ250',
      // A range inside a long one, then another inside the long one past the first: both overlap the long one.
      'SH-F-3,FJ-AG,2026-04-22,5,SNK-001,100,7.00,,,FJA001,FJA100',
      'SH-F-3,FJ-AG,2026-04-22,6,SNK-001,2,7.00,,,FJA002,FJA003',
      'SH-F-3,FJ-AG,2026-04-22,7,SNK-001,11,7.00,,,FJA050,FJA060',
    ]).expect(422);
    expect(refused.body.details.problems).toEqual([
      {
        line: 3,
        field: 'distributor_code',
        message: 'shipment SH-F-1 is for JX-AG and shipped at 2026-04-22T10:00:00+08:00 on line 2; every row must say the same',
      },
      { line: 4, field: 'shipped_at', message: 'shipped_at must be a date-time such as 2026-05-01T08:00:00+08:00, not "yesterday"' },
      { line: 5, field: 'distributor_code', message: 'shipment SH-F-2 is for FJ-AG and shipped at yesterday on line 4; every row must say the same' },
      { line: 5, field: 'sku', message: 'unknown SKU "NOPE"' },
      { line: 6, field: 'serial', message: 'give a serial or a range (serial_from and serial_to), not both' },
      { line: 7, field: 'serial_from', message: 'FJ300 and FJ20 must share their prefix and the width of their numeric part' },
      { line: 9, field: 'serial_from', message: 'these codes overlap the codes on line 8' },
      { line: 11, field: 'serial_from', message: 'these codes overlap the codes on line 10' },
      { line: 12, field: 'serial_from', message: 'these codes overlap the codes on line 10' },
    ]);
    expect(await count('shipment')).toBe(1);

    const accepted = await importFile([
      'SH-F-1,JX-AG,2026-04-22T10:00:00+08:00,1,SNK-001,10,7.00,LOT-JX,,,',
      'SH-F-1,JX-AG,2026-04-22T10:00:00+08:00,2,SNK-002,5,6.50,,JX0001,,',
      'SH-F-2,FJ-AG,2026-04-22,1,SNK-001,500,7.00,,,FJ001,FJ500',
    ]).expect(201);
    expect(accepted.body).toMatchObject({
      id: null,
      ref: null,
      distributorCode: null,
      duplicate: false,
      shipments: 2,
      created: 2,
      duplicates: 0,
      lines: 3,
      accepted: 3,
      units: 515,
      codes: 501,
      incidentsOpened: 0,
    });
    const again = await importFile([
      'SH-F-1,JX-AG,2026-04-22T10:00:00+08:00,1,SNK-001,10,7.00,LOT-JX,,,',
      'SH-F-1,JX-AG,2026-04-22T10:00:00+08:00,2,SNK-002,5,6.50,,JX0001,,',
    ]).expect(200);
    expect(again.body).toMatchObject({
      ref: 'SH-F-1',
      distributorCode: 'JX-AG',
      duplicate: true,
      shipments: 1,
      created: 0,
      duplicates: 1,
      lines: 2,
      accepted: 0,
    });
  });

  it('shows a distributor its own shipments only', async () => {
    const token = (await createUser(t, 'distributor', { distributorCode: 'JX-AG' })).token;
    const mine = (await t.http().get('/api/v1/shipments').auth(token, { type: 'bearer' }).expect(200)).body.items;
    expect(mine.map((s: any) => s.shipmentRef)).toEqual(['SH-F-1']);
    const zj = (await t.http().get('/api/v1/shipments?distributorCode=ZJ-GA').set(admin()).expect(200)).body.items[0];
    await t.http().get(`/api/v1/shipments/${zj.id}`).auth(token, { type: 'bearer' }).expect(404);
    await t.http().post('/api/v1/shipments').auth(token, { type: 'bearer' }).send(SHIPMENT).expect(403);
  });
});
