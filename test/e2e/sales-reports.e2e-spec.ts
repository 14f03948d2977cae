import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { seedReferenceWorld } from '../factories/reference.factory';
import { importCsv, SalesLine, salesCsv } from '../factories/sales.factory';
import { createUser } from '../factories/users.factory';
import { SalesLineSummarizer } from '../../src/modules/sales-reports/sales-line-summarizer.service';
import { createTestApp, TestApp } from '../support/test-app';

/** ZJ-GA, the Zhejiang general agent of the reference world, reports a month of sales. */
const ZJ_LINES: SalesLine[] = [
  {
    lineNo: 1,
    saleDate: '2026-05-10',
    sku: 'SNK-001',
    quantity: 10,
    unitPrice: '12.00',
    shipToRegionCode: '330106',
    customerRef: 'Hangzhou store, "West Lake"',
  },
  { lineNo: 2, saleDate: '2026-05-10', sku: 'SNK-001', quantity: 100, unitPrice: '8.00', shipToRegionCode: '360102' },
  { lineNo: 3, saleDate: '2026-05-15', sku: 'SNK-002', quantity: 5, unitPrice: '11.00', shipToRegionCode: '360102' },
  { lineNo: 4, saleDate: '2026-05-10', sku: 'SNK-001', quantity: -3, unitPrice: '1.00', shipToRegionCode: '360102' },
  { lineNo: 5, saleDate: '2026-05-12', sku: 'SNK-001', quantity: 40, unitPrice: '12.00', shipToRegionCode: '350200', channel: 'modern_trade' },
  { lineNo: 6, saleDate: '2026-05-12', sku: 'SNK-002', quantity: 20, unitPrice: '9.00', shipToRegionCode: '330200' },
];

describe('Sales reports (e2e)', () => {
  let t: TestApp;
  const admin = () => ({ Authorization: `Bearer ${t.adminToken}` });
  const submit = (body: object, query = '') => t.http().post(`/api/v1/sales-reports${query}`).set(admin()).send(body);
  const count = async (table: string) => (await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;

  beforeAll(async () => {
    t = await createTestApp({ env: { IMPORT_MAX_BYTES: '200000' } });
    await seedReferenceWorld(t);
  });
  afterAll(() => t.close());

  describe('a JSON report', () => {
    let first: Record<string, any>;

    it('is stored and detected before the answer', async () => {
      const response = await submit({ reportRef: 'ZJ-2026-05', distributorCode: 'ZJ-GA', lines: ZJ_LINES }).expect(201);
      first = response.body;
      expect(first).toEqual({
        id: expect.any(String),
        ref: 'ZJ-2026-05',
        distributorCode: 'ZJ-GA',
        duplicate: false,
        lines: 6,
        accepted: 6,
        violations: { OUT_OF_TERRITORY: 2, BELOW_FLOOR: 2 },
        permitted: 1,
        // Jiangxi, Fujian, and Zhejiang (sold below the floor at home)
        incidentsOpened: 3,
        incidentsUpdated: 0,
        supersededReportId: null,
      });
    });

    it('records each violation with its evidence, offender, victims and floor', async () => {
      const violations = (await t.http().get(`/api/v1/violations?reportId=${first.id}`).set(admin()).expect(200)).body.items;
      const byLine = (lineNo: number, type: string) => violations.find((v: any) => v.source.lineNo === lineNo && v.type === type);
      expect(byLine(2, 'OUT_OF_TERRITORY')).toMatchObject({
        status: 'active',
        source: { kind: 'sales_line', id: first.id, reportRef: 'ZJ-2026-05', lineNo: 2 },
        offenderCode: 'ZJ-GA',
        victimCodes: ['JX-AG'],
        regionCode: '360102',
        provinceCode: '360000',
        sku: 'SNK-001',
        productLine: 'snacks',
        quantity: 100,
        unitPrice: '8.00',
        floorPrice: '11.00',
        occurredOn: '2026-05-10',
        confidence: 'high',
        evidence: {
          line: expect.objectContaining({ lineNo: 2, shipToRegionCode: '360102', unitPrice: '8.00' }),
          rule: "ship-to region 360102 is outside ZJ-GA's territory for snacks on 2026-05-10",
          grantsConsidered: [expect.objectContaining({ regionCode: '330000' })],
          floor: expect.objectContaining({ minUnitPrice: '11.00' }),
        },
      });
      expect(byLine(2, 'BELOW_FLOOR')).toMatchObject({
        status: 'active',
        floorPrice: '11.00',
        evidence: {
          rule: 'unit price 8.00 is below the distributor floor 11.00',
          floor: { id: expect.any(String), level: 'distributor', minUnitPrice: '11.00' },
          grantsConsidered: [expect.objectContaining({ regionCode: '330000' })],
        },
      });
      // Covered by a transfer permit: recorded as permitted, not as a violation of the incident.
      expect(byLine(3, 'OUT_OF_TERRITORY')).toMatchObject({ status: 'permitted', incidentId: null, permitId: expect.any(String) });
      // A return is never a violation; a line in territory above its floor neither.
      expect(violations.filter((v: any) => [1, 4].includes(v.source.lineNo))).toEqual([]);
      expect(byLine(5, 'OUT_OF_TERRITORY')).toMatchObject({ victimCodes: ['FJ-AG'], provinceCode: '350000' });
      expect(byLine(6, 'BELOW_FLOOR')).toMatchObject({ victimCodes: ['NB-A', 'NB-B'], floorPrice: '10.00' });
      // The grants considered are kept once per product line, channel and day; each violation shows its own.
      expect(byLine(5, 'OUT_OF_TERRITORY').evidence.grantsConsidered).toEqual([
        expect.objectContaining({ regionCode: '330000', validFrom: expect.any(String) }),
      ]);
      const one = (
        await t
          .http()
          .get(`/api/v1/violations/${byLine(5, 'OUT_OF_TERRITORY').id}`)
          .set(admin())
          .expect(200)
      ).body;
      expect(one.evidence).toEqual(byLine(5, 'OUT_OF_TERRITORY').evidence);
    });

    it('groups violations into incidents by offender, product line and destination province, counting a dumped line once', async () => {
      const incidents = (await t.http().get('/api/v1/incidents?offenderCode=ZJ-GA').set(admin()).expect(200)).body.items;
      const jiangxi = incidents.find((i: any) => i.destinationRegionCode === '360000');
      expect(jiangxi).toMatchObject({
        number: expect.stringMatching(/^INC-\d{4}-\d{6}$/),
        status: 'open',
        version: 1,
        offenderCode: 'ZJ-GA',
        productLine: 'snacks',
        scale: { units: 100, valueAtFloor: '1100.00', priceErosion: '300.00', regionCodes: ['360102'], victimCodes: ['JX-AG'] },
        firstSeenOn: '2026-05-10',
        lastSeenOn: '2026-05-10',
        recurrenceOf: null,
        overdue: false,
      });
      const detail = (await t.http().get(`/api/v1/incidents/${jiangxi.id}`).set(admin()).expect(200)).body;
      expect(detail).toMatchObject({
        offender: { code: 'ZJ-GA', name: 'Zhejiang general agent' },
        victims: [{ code: 'JX-AG', name: 'Jiangxi agent' }],
        violationsSummary: { total: 2, byType: { OUT_OF_TERRITORY: 1, BELOW_FLOOR: 1 }, byStatus: { active: 2 } },
      });
      // The below-floor line inside Zhejiang joins the Zhejiang snacks incident with its own figures.
      const zhejiang = incidents.find((i: any) => i.destinationRegionCode === '330000');
      expect(zhejiang.scale).toMatchObject({ units: 20, valueAtFloor: '200.00', priceErosion: '20.00' });
    });

    it('answers the same report again with the first result and stores nothing new', async () => {
      const before = await count('violation');
      const again = await submit({ reportRef: 'ZJ-2026-05', distributorCode: 'ZJ-GA', lines: [...ZJ_LINES].reverse() }).expect(200);
      expect(again.body).toEqual({ ...first, duplicate: true });
      expect(await count('violation')).toBe(before);
    });

    it('refuses other content under the same reportRef with 409 unless sent as a correction', async () => {
      const changed = ZJ_LINES.map((line) => (line.lineNo === 2 ? { ...line, quantity: 60 } : line));
      const conflict = await submit({ reportRef: 'ZJ-2026-05', distributorCode: 'ZJ-GA', lines: changed }).expect(409);
      expect(conflict.body).toMatchObject({ code: 'SALES_REPORT_REF_CONFLICT', message: expect.stringContaining('?supersede=true') });

      const corrected = await submit({ reportRef: 'ZJ-2026-05', distributorCode: 'ZJ-GA', lines: changed }, '?supersede=true').expect(201);
      expect(corrected.body).toMatchObject({ duplicate: false, supersededReportId: first.id, violations: { OUT_OF_TERRITORY: 2, BELOW_FLOOR: 2 } });
      const voided = (await t.http().get(`/api/v1/violations?reportId=${first.id}&status=voided`).set(admin()).expect(200)).body.items;
      expect(voided).toHaveLength(5);
      expect(voided[0].voidReason).toBe('the report was superseded by a correction');
      const jiangxi = (await t.http().get('/api/v1/incidents?offenderCode=ZJ-GA&regionCode=360000').set(admin()).expect(200)).body.items[0];
      expect(jiangxi.scale).toMatchObject({ units: 60, valueAtFloor: '660.00', priceErosion: '180.00' });
      const reports = (await t.http().get('/api/v1/sales-reports?distributorCode=ZJ-GA').set(admin()).expect(200)).body.items;
      expect(reports.map((r: any) => [r.reportRef, r.status])).toEqual([
        ['ZJ-2026-05', 'active'],
        ['ZJ-2026-05', 'superseded'],
      ]);
      const [{ n }] = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM sales_line JOIN sales_report r ON r.line_key = sales_line.report_key WHERE r.id = $1`,
        [first.id],
      );
      expect(n).toBe(0);
    });

    it('names the invalid fields of each line with 400', async () => {
      const response = await submit({
        reportRef: 'BAD',
        distributorCode: 'ZJ-GA',
        lines: [{ lineNo: 0, saleDate: '2026-02-30', sku: 'SNK-001', quantity: 0, unitPrice: '-1', shipToRegionCode: '330106' }],
      }).expect(400);
      expect(response.body.details.map((d: any) => d.field).sort()).toEqual(['lines.0.lineNo', 'lines.0.quantity', 'lines.0.saleDate', 'lines.0.unitPrice']);
    });

    it('refuses unknown SKUs and regions and repeated line numbers with 422 by line index, storing nothing', async () => {
      const before = await count('sales_report');
      const response = await submit({
        reportRef: 'BAD-REFS',
        distributorCode: 'ZJ-GA',
        lines: [
          { lineNo: 1, saleDate: '2026-05-01', sku: 'NOPE', quantity: 1, unitPrice: '1.00', shipToRegionCode: '330106' },
          { lineNo: 1, saleDate: '2026-05-01', sku: 'SNK-001', quantity: 1, unitPrice: '1.00', shipToRegionCode: '999999' },
        ],
      }).expect(422);
      expect(response.body).toMatchObject({
        code: 'SALES_REPORT_REJECTED',
        details: {
          totalProblems: 3,
          problems: [
            { index: 0, field: 'sku', message: 'unknown SKU "NOPE"' },
            { index: 1, field: 'line_no', message: 'line_no 1 is also on line 0' },
            { index: 1, field: 'ship_to_region_code', message: 'unknown region "999999"' },
          ],
        },
      });
      expect(await count('sales_report')).toBe(before);
    });
  });

  describe('a CSV file', () => {
    const JX_LINES: SalesLine[] = [
      { lineNo: 1, saleDate: '2026-05-20', sku: 'SNK-001', quantity: 30, unitPrice: '9.00', shipToRegionCode: '330108' },
      { lineNo: 2, saleDate: '2026-05-20', sku: 'SNK-001', quantity: 15, unitPrice: '11.00', shipToRegionCode: '360102', channel: 'modern_trade' },
    ];

    it('is streamed, stored and detected like JSON', async () => {
      const response = await importCsv(t, t.adminToken, { distributorCode: 'JX-AG', reportRef: 'JX-W21' }, salesCsv(JX_LINES)).expect(201);
      expect(response.body).toMatchObject({ lines: 2, accepted: 2, violations: { OUT_OF_TERRITORY: 1, BELOW_FLOOR: 1 }, incidentsOpened: 1 });
      const lines = (await t.http().get(`/api/v1/sales-reports/${response.body.id}/lines?limit=1`).set(admin()).expect(200)).body;
      expect(lines.items).toEqual([expect.objectContaining({ lineNo: 1, unitPrice: '9.00', shipToRegionCode: '330108', provinceCode: '330000' })]);
      const next = (await t.http().get(`/api/v1/sales-reports/${response.body.id}/lines?limit=1&cursor=${lines.nextCursor}`).set(admin()).expect(200)).body;
      expect(next).toEqual({ items: [expect.objectContaining({ lineNo: 2, channel: 'modern_trade' })], nextCursor: null });
    });

    it.each([
      ['with a BOM and CRLF line ends', salesCsv(JX_LINES, { bom: true, crlf: true })],
      ['gzip-compressed', gzipSync(salesCsv(JX_LINES))],
    ])('is recognised as the same report %s', async (_variant, body) => {
      const request = importCsv(t, t.adminToken, { distributorCode: 'JX-AG', reportRef: 'JX-W21' }, body);
      if (Buffer.isBuffer(body)) request.set('Content-Encoding', 'gzip');
      const response = await request.expect(200);
      expect(response.body.duplicate).toBe(true);
    });

    it('lists every problem by file line, and stores nothing', async () => {
      const before = [await count('sales_report'), await count('sales_line'), await count('violation')];
      const body = [
        'line_no,sale_date,sku,quantity,unit_price,channel,customer_ref,ship_to_region_code,lot,serial',
        '1,2026-05-01,SNK-001,5,10.00,,,330106,,',
        '2,05/01/2026,SNK-001,5,10.00,,,330106,,',
        '3,2026-05-01,NOPE,5,10.00,,,330106,,',
        '4,2026-05-01,SNK-001,0,10.00,,,330106,,',
        '5,2026-05-01,SNK-001,5,-2,,,330106,,',
        '6,2026-05-01,SNK-001,5,10.00,,330106,,',
        '7,2026-05-01,SNK-001,5,10.00,,,NOWHERE,,',
        '1,2026-05-01,SNK-001,5,10.00,,,330106,,',
      ].join('\n');
      const response = await importCsv(t, t.adminToken, { distributorCode: 'JX-AG', reportRef: 'BROKEN' }, body).expect(422);
      expect(response.body.details).toEqual({
        totalProblems: 7,
        problems: [
          { line: 3, field: 'sale_date', message: 'sale_date must be a date such as 2026-05-31, not "05/01/2026"' },
          { line: 4, field: 'sku', message: 'unknown SKU "NOPE"' },
          { line: 5, field: 'quantity', message: 'quantity must not be zero (negative quantities are returns)' },
          { line: 6, field: 'unit_price', message: 'unit_price must be a decimal of zero or more such as 12.50 (up to 4 decimals), not "-2"' },
          { line: 7, message: 'expected 10 fields, found 9' },
          { line: 8, field: 'ship_to_region_code', message: 'unknown region "NOWHERE"' },
          { line: 9, field: 'line_no', message: 'line_no 1 is also on line 2' },
        ],
      });
      expect([await count('sales_report'), await count('sales_line'), await count('violation')]).toEqual(before);
    });

    it('refuses lines whose values parse but break a rule of their own, found by the scan over the batch', async () => {
      // In JX-AG's territory and above every floor: nothing but the rules makes these lines suspect.
      const before = [await count('sales_report'), await count('sales_line'), await count('violation')];
      const body = [
        'line_no,sale_date,sku,quantity,unit_price,channel,customer_ref,ship_to_region_code,lot,serial',
        '1,2026-05-01,SNK-001,5,50.00,,,360102,,',
        '0,2026-05-01,SNK-001,5,50.00,,,360102,,',
        '3,2100-01-01,SNK-001,5,50.00,,,360102,,',
        '4,2026-05-01,SNK-001,0,50.00,,,360102,,',
        '5,2026-05-01,SNK-001,5,50.00001,,,360102,,',
        '6,2026-05-01,SNK-001,5,50.00," modern_trade",,360102,,',
      ].join('\n');
      const response = await importCsv(t, t.adminToken, { distributorCode: 'JX-AG', reportRef: 'RULES' }, body).expect(422);
      expect(response.body.details).toEqual({
        totalProblems: 5,
        problems: [
          { line: 3, field: 'line_no', message: 'line_no must be a positive whole number, not "0"' },
          { line: 4, field: 'sale_date', message: 'sale_date must be between 2000-01-01 and 2099-12-31, not "2100-01-01"' },
          { line: 5, field: 'quantity', message: 'quantity must not be zero (negative quantities are returns)' },
          { line: 6, field: 'unit_price', message: expect.stringContaining('(up to 4 decimals), not "50.00001"') },
          { line: 7, field: 'channel', message: 'channel must not start or end with spaces: " modern_trade"' },
        ],
      });
      expect([await count('sales_report'), await count('sales_line'), await count('violation')]).toEqual(before);
      // A JSON report is held to the same rules (its fields are validated before the lines are stored).
      const json = await submit({
        reportRef: 'RULES-JSON',
        distributorCode: 'JX-AG',
        lines: [{ lineNo: 1, saleDate: '2026-05-01', sku: 'SNK-001', quantity: 5, unitPrice: '10.00001', shipToRegionCode: '330106' }],
      }).expect(400);
      expect(JSON.stringify(json.body.details)).toContain('unitPrice');
      expect(await count('sales_line')).toBe(before[1]);
    });

    it.each([
      ['line_no', '0,2026-05-01,SNK-001,5,50.00,,,360102,,'],
      ['sale_date', '2,2100-01-01,SNK-001,5,50.00,,,360102,,'],
      ['quantity', '2,2026-05-01,SNK-001,0,50.00,,,360102,,'],
      ['unit_price', '2,2026-05-01,SNK-001,5,50.00001,,,360102,,'],
      ['channel', '2,2026-05-01,SNK-001,5,50.00,"modern_trade ",,360102,,'],
    ])('refuses a report whose only bad line breaks the %s rule', async (field, row) => {
      const body = [
        'line_no,sale_date,sku,quantity,unit_price,channel,customer_ref,ship_to_region_code,lot,serial',
        '1,2026-05-01,SNK-001,5,50.00,,,360102,,',
        row,
      ].join('\n');
      const response = await importCsv(t, t.adminToken, { distributorCode: 'JX-AG', reportRef: `RULE-${field}` }, body).expect(422);
      expect(response.body.details.problems).toEqual([expect.objectContaining({ line: 3, field })]);
    });

    it('numbers the problems of a file with a BOM and CRLF line ends by its lines too', async () => {
      const body = Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from(
          [
            'line_no,sale_date,sku,quantity,unit_price,channel,customer_ref,ship_to_region_code,lot,serial',
            '1,2026-05-01,SNK-001,5,10.00,,,330106,,',
            '2,2026-02-30,SNK-001,5,10.00,,,330106,,',
            '3,2026-05-01,SNK-001,5,10.00,,,330106,,,',
            '',
          ].join('\r\n'),
        ),
      ]);
      const before = await count('sales_line');
      const response = await importCsv(t, t.adminToken, { distributorCode: 'JX-AG', reportRef: 'BROKEN-CRLF' }, body).expect(422);
      expect(response.body.details).toEqual({
        totalProblems: 2,
        problems: [
          { line: 3, field: 'sale_date', message: expect.stringContaining('"2026-02-30"') },
          { line: 4, message: 'expected 10 fields, found 11' },
        ],
      });
      expect(await count('sales_line')).toBe(before);
    });

    it.each([
      ['an empty file', '', 'the file is empty: a header line is required'],
      ['a header only', 'line_no,sale_date,sku,quantity,unit_price,channel,customer_ref,ship_to_region_code,lot,serial\n', 'the report has no lines'],
      ['a wrong header', 'line,date,sku\n1,2026-05-01,SNK-001\n', 'header must be'],
    ])('refuses %s with 422 on its first lines', async (_case, body, message) => {
      const response = await importCsv(t, t.adminToken, { distributorCode: 'JX-AG', reportRef: `EDGE-${_case}` }, body).expect(422);
      expect(response.body.details.problems[0].message).toContain(message);
    });

    it('refuses a body that is not CSV with 415, and one over the size limit with 413', async () => {
      const json = await importCsv(t, t.adminToken, { distributorCode: 'JX-AG', reportRef: 'JSON' }, '{}', 'application/json').expect(415);
      expect(json.body.code).toBe('SALES_REPORT_UNSUPPORTED_CONTENT_TYPE');
      const big = salesCsv(Array.from({ length: 8000 }, (_, i) => ({ ...JX_LINES[0], lineNo: i + 1 })));
      const tooLarge = await importCsv(t, t.adminToken, { distributorCode: 'JX-AG', reportRef: 'BIG' }, big).expect(413);
      expect(tooLarge.body.code).toBe('SALES_REPORT_TOO_LARGE');
    });

    it('refuses a streamed body that grows over the limit with 413, and leaves the report free to send again', async () => {
      await t.app.listen(0, '127.0.0.1');
      const { port } = t.app.getHttpServer().address() as AddressInfo;
      const url = `http://127.0.0.1:${port}/api/v1/sales-reports/import?distributorCode=JX-AG&reportRef=STREAMED`;
      const row = salesCsv([JX_LINES[0]]).split('\n')[1];
      const chunk = Array.from({ length: 500 }, (_, i) => row.replace(/^1,/, `${i + 2},`)).join('\n') + '\n';
      let sent = 0;
      // Chunked, without a Content-Length: only the stream itself can tell it is too large.
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          sent += 1;
          if (sent === 1) controller.enqueue(Buffer.from(salesCsv([JX_LINES[0]])));
          else if (sent > 200) controller.close();
          else controller.enqueue(Buffer.from(chunk));
        },
      });
      const before = await count('sales_line');
      const response = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${t.adminToken}`, 'content-type': 'text/csv' },
        body,
        duplex: 'half',
      } as RequestInit);
      expect(response.status).toBe(413);
      expect(await count('sales_line')).toBe(before);
      // No session is left inside the cancelled COPY, and the report's lock is free.
      const stuck = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'COPY sales_line%' AND state <> 'idle'`,
      );
      expect(stuck[0].n).toBe(0);
      await importCsv(t, t.adminToken, { distributorCode: 'JX-AG', reportRef: 'STREAMED' }, salesCsv(JX_LINES)).expect(201);
    });

    it('refuses an announced 2 GB body at once with 413', async () => {
      const response = await t
        .http()
        .post('/api/v1/sales-reports/import?distributorCode=JX-AG&reportRef=HUGE')
        .set(admin())
        .set('Content-Type', 'text/csv')
        .set('Content-Length', String(2 * 1024 ** 3))
        .send('line_no')
        .ok(() => true);
      expect(response.status).toBe(413);
    });
  });

  describe('a large CSV file', () => {
    let big: TestApp;
    const row = (lineNo: number, saleDate = '2026-05-20', sku = 'SNK-001') => `${lineNo},${saleDate},${sku},30,9.00,,,330108,,`;
    const header = 'line_no,sale_date,sku,quantity,unit_price,channel,customer_ref,ship_to_region_code,lot,serial';

    beforeAll(async () => {
      big = await createTestApp({ env: { IMPORT_MAX_BYTES: '100000000' } });
      await seedReferenceWorld(big);
    });
    afterAll(() => big.close());

    it('refused on a value near its start is still read to its end, and every problem is named by file line', async () => {
      // Megabytes after the bad date: PostgreSQL stops the COPY while the upload is still arriving.
      const lines = 300_000;
      const rows = Array.from({ length: lines }, (_, i) => (i === 1 ? row(2, '2026-13-01') : i === lines - 1 ? row(lines, undefined, 'NOPE') : row(i + 1)));
      const body = `${header}\n${rows.join('\n')}\n`;
      const response = await importCsv(big, big.adminToken, { distributorCode: 'JX-AG', reportRef: 'BIG-BROKEN' }, body).expect(422);
      expect(response.body.details).toEqual({
        totalProblems: 2,
        problems: [
          { line: 3, field: 'sale_date', message: expect.stringContaining('"2026-13-01"') },
          { line: lines + 1, field: 'sku', message: 'unknown SKU "NOPE"' },
        ],
      });
      expect((await big.dataSource.query(`SELECT count(*)::int AS n FROM sales_line`))[0].n).toBe(0);
    });

    it('leaves the block ranges of its lines summarized for the scans of the imports that follow', async () => {
      const body = `${header}\n${Array.from({ length: 20_000 }, (_, i) => row(i + 1)).join('\n')}\n`;
      await importCsv(big, big.adminToken, { distributorCode: 'JX-AG', reportRef: 'BIG-OK' }, body).expect(201);
      await big.app.get(SalesLineSummarizer).settled();
      const [{ ranges }] = await big.dataSource.query(`SELECT brin_summarize_new_values('brin_sales_line_report') AS ranges`);
      expect(ranges).toBe(0);
    });

    it('gives way at once to a vacuum holding sales_line, leaving the summary to it', async () => {
      const body = `${header}\n${Array.from({ length: 20_000 }, (_, i) => row(i + 1)).join('\n')}\n`;
      const vacuum = big.dataSource.createQueryRunner();
      await vacuum.connect();
      try {
        await vacuum.startTransaction();
        // The lock a VACUUM takes: the summarizer's request waits for it.
        await vacuum.query(`LOCK TABLE sales_line IN SHARE UPDATE EXCLUSIVE MODE`);
        await importCsv(big, big.adminToken, { distributorCode: 'JX-AG', reportRef: 'BIG-BUSY' }, body).expect(201);
        const started = Date.now();
        await big.app.get(SalesLineSummarizer).settled();
        expect(Date.now() - started).toBeLessThan(900);
        await vacuum.rollbackTransaction();
        const [{ ranges }] = await big.dataSource.query(`SELECT brin_summarize_new_values('brin_sales_line_report') AS ranges`);
        expect(ranges).toBeGreaterThan(0);
      } finally {
        await vacuum.release();
      }
    });
  });

  describe('a distributor', () => {
    let token: string;

    beforeAll(async () => {
      token = (await createUser(t, 'distributor', { distributorCode: 'FJ-AG' })).token;
    });

    it('reports for itself without naming itself, and not for another', async () => {
      const lines = [
        { lineNo: 1, saleDate: '2026-05-01', sku: 'SNK-001', quantity: 3, unitPrice: '12.00', shipToRegionCode: '350100', channel: 'modern_trade' },
      ];
      const own = await importCsv(t, token, { reportRef: 'FJ-1' }, salesCsv(lines)).expect(201);
      expect(own.body).toMatchObject({ distributorCode: 'FJ-AG', violations: { OUT_OF_TERRITORY: 0, BELOW_FLOOR: 0 } });
      const other = await importCsv(t, token, { distributorCode: 'ZJ-GA', reportRef: 'FJ-2' }, salesCsv(lines)).expect(403);
      expect(other.body.code).toBe('SALES_REPORT_NOT_OWN_DISTRIBUTOR');
    });

    it('sees its own reports and the violations against it, not others', async () => {
      const reports = (await t.http().get('/api/v1/sales-reports').auth(token, { type: 'bearer' }).expect(200)).body.items;
      expect(reports.map((r: any) => r.distributorCode)).toEqual(['FJ-AG']);
      const zj = (await t.http().get('/api/v1/sales-reports?distributorCode=ZJ-GA').set(admin()).expect(200)).body.items[0];
      await t.http().get(`/api/v1/sales-reports/${zj.id}`).auth(token, { type: 'bearer' }).expect(404);
      const violations = (await t.http().get('/api/v1/violations').auth(token, { type: 'bearer' }).expect(200)).body.items;
      expect(violations.every((v: any) => v.offenderCode === 'FJ-AG')).toBe(true);
    });

    it('sees the incidents in which it is a victim, without the other victims', async () => {
      const incidents = (await t.http().get('/api/v1/incidents').auth(token, { type: 'bearer' }).expect(200)).body.items;
      expect(incidents.length).toBeGreaterThan(0);
      expect(incidents.every((i: any) => i.offenderCode === 'FJ-AG' || i.scale.victimCodes.includes('FJ-AG'))).toBe(true);
      expect(incidents.every((i: any) => i.scale.victimCodes.every((code: string) => code === 'FJ-AG'))).toBe(true);
    });
  });
});
