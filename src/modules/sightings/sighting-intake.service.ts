import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Actor } from '../../common/auth/roles';
import { today } from '../../common/dates/business-date';
import { CommonError } from '../../common/errors/common.errors';
import { appConfig } from '../../config/configuration';
import { CatalogError } from '../catalog/catalog.errors';
import { CodeTraceService } from '../detection/code-trace.service';
import { TraceDto } from '../detection/dto/trace.dto';
import { RegionsError } from '../regions/regions.errors';
import { CreateSightingDto, SightingDto } from './dto/sighting.dto';
import { SightingRecorder } from './sighting-recorder.service';
import { Sighting } from './sighting.entity';
import { SightingsError } from './sightings.errors';

/** How far ahead of the server's clock a sighting's observedAt may be (a phone's clock drifts). */
const CLOCK_SKEW_MS = 10 * 60 * 1000;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

export interface SightingOutcome {
  /** The first answer again, for a re-sent Idempotency-Key. */
  replayed: boolean;
  result: SightingDto;
}

/**
 * A field rep's sighting, received in one transaction: checked, traced,
 * stored, detected and grouped, so the rep sees at once whose goods these are
 * and what was opened. An Idempotency-Key makes a re-sent request (a phone on
 * a bad network) get the first answer, and concurrent copies of it make one
 * sighting.
 */
@Injectable()
export class SightingIntake {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly traces: CodeTraceService,
    private readonly recorder: SightingRecorder,
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
  ) {}

  async receive(actor: Actor, dto: CreateSightingDto, idempotencyKey?: string): Promise<SightingOutcome> {
    const key = checkedKey(idempotencyKey);
    const observedAt = new Date(dto.observedAt);
    if (observedAt.getTime() > Date.now() + CLOCK_SKEW_MS) {
      const message = 'observedAt must not be more than 10 minutes in the future';
      throw new CommonError('VALIDATION_FAILED', message, [{ field: 'observedAt', problems: [message] }]);
    }
    const requestHash = createHash('sha256').update(canonicalJson(dto)).digest('hex');
    // Checked and traced before the transaction: a trace reads on its own connection.
    const place = await this.placeOf(dto);
    const observedOn = today(this.app.businessTimeZone, observedAt);
    const traces = await this.trace(dto, observedOn);
    return this.dataSource.transaction(async (manager) => {
      if (key) {
        // Copies of one request wait here for the first; then they answer what it answered.
        await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`sighting:${actor.id}:${key}`]);
        const first = await manager.findOne(Sighting, { where: { reportedBy: actor.id ?? undefined, idempotencyKey: key } });
        if (first) return this.replay(first, requestHash, key);
      }
      const sighting = manager.create(Sighting, {
        observedAt,
        observedOn,
        regionCode: dto.regionCode,
        provinceCode: place.provinceCode,
        lat: dto.lat?.toString() ?? null,
        lon: dto.lon?.toString() ?? null,
        storeName: dto.storeName ?? null,
        sku: dto.sku,
        productLine: place.productLine,
        observedPrice: dto.observedPrice,
        priceLevel: dto.priceLevel ?? 'retail',
        codes: dto.codes ?? [],
        lot: dto.lot ?? null,
        note: dto.note ?? null,
        reportedBy: actor.id,
        reportedByLabel: actor.label,
        idempotencyKey: key,
        requestHash,
      });
      await manager.insert(Sighting, sighting);
      const saved = await manager.findOneOrFail(Sighting, { where: { id: sighting.id } });
      return { replayed: false, result: await this.recorder.record(manager, actor, saved, traces) };
    });
  }

  private replay(first: Sighting, requestHash: string, key: string): SightingOutcome {
    if (first.requestHash !== requestHash) {
      throw new SightingsError(
        'IDEMPOTENCY_KEY_REUSED',
        `Idempotency-Key ${key} was already used for another sighting (${first.id}); use a new key for a new sighting`,
        { sightingId: first.id },
      );
    }
    return { replayed: true, result: first.result as SightingDto };
  }

  /** The region's province and the SKU's product line; 422 naming what does not exist. */
  private async placeOf(dto: CreateSightingDto): Promise<{ provinceCode: string; productLine: string }> {
    const [row] = await this.dataSource.query(
      `SELECT (SELECT coalesce(province_code, code) FROM region WHERE code = $1) AS province_code, (SELECT product_line FROM product WHERE sku = $2) AS product_line`,
      [dto.regionCode, dto.sku],
    );
    if (row.province_code === null) {
      throw new RegionsError('REGION_UNKNOWN', `regionCode: no region ${dto.regionCode}`, [{ field: 'regionCode', problems: [`no region ${dto.regionCode}`] }]);
    }
    if (row.product_line === null)
      throw new CatalogError('PRODUCT_UNKNOWN', `sku: no product ${dto.sku}`, [{ field: 'sku', problems: [`no product ${dto.sku}`] }]);
    return { provinceCode: row.province_code, productLine: row.product_line };
  }

  /** One trace per distinct scanned code, in the order scanned, then the lot's. */
  private async trace(dto: CreateSightingDto, date: string): Promise<TraceDto[]> {
    const codes = [...new Set(dto.codes ?? [])];
    const traces = await Promise.all(codes.map((code) => this.traces.traceCode(code, { sku: dto.sku, date })));
    if (dto.lot) traces.push(await this.traces.traceLot(dto.lot, { sku: dto.sku, date }));
    return traces;
  }
}

function checkedKey(key: string | undefined): string | null {
  if (key === undefined || key === '') return null;
  if (!IDEMPOTENCY_KEY.test(key)) {
    const message = 'Idempotency-Key must be 1-200 visible ASCII characters';
    throw new CommonError('VALIDATION_FAILED', message, [{ field: 'Idempotency-Key', problems: [message] }]);
  }
  return key;
}

/** The request with its keys sorted: the same content hashes the same whatever the order of its fields. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([name, item]) => `${JSON.stringify(name)}:${canonicalJson(item)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
