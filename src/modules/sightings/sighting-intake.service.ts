import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Actor } from '../../common/auth/roles';
import { today } from '../../common/dates/business-date';
import { CommonError } from '../../common/errors/common.errors';
import { appConfig } from '../../config/configuration';
import { preparedQuery } from '../../database/prepared-query';
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
 * A field rep's sighting, received in one transaction: checked, stored,
 * traced, detected and grouped, so the rep sees at once whose goods these are
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
    const observedOn = today(this.app.businessTimeZone, observedAt);
    return this.dataSource.transaction(async (manager) => {
      const sighting = manager.create(Sighting, {
        observedAt,
        observedOn,
        regionCode: dto.regionCode,
        lat: dto.lat?.toString() ?? null,
        lon: dto.lon?.toString() ?? null,
        storeName: dto.storeName ?? null,
        sku: dto.sku,
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
      const [stored] = await preparedQuery<StoredRow>(manager, 'sighting-insert', INSERT_SQL, insertValues(sighting));
      // Not stored: a copy of this request was (this insert waited for it to commit), or the region or SKU is unknown.
      if (!stored) return answerUnstored(manager, actor, dto, key, requestHash);
      // Traced once stored (a re-sent request never is), with the generic plans the insert asked for.
      const traces = await this.trace(manager, dto, observedOn);
      Object.assign(sighting, {
        id: stored.id,
        createdAt: stored.created_at,
        provinceCode: stored.province_code,
        productLine: stored.product_line,
        observedPrice: stored.observed_price,
        lat: stored.lat,
        lon: stored.lon,
      });
      return { replayed: false, result: await this.recorder.record(manager, actor, sighting, traces) };
    });
  }

  /** One trace per distinct scanned code, in the order scanned, then the lot's. */
  private async trace(manager: EntityManager, dto: CreateSightingDto, date: string): Promise<TraceDto[]> {
    const traces = await this.traces.traceCodes([...new Set(dto.codes ?? [])], { sku: dto.sku, date }, manager);
    if (dto.lot) traces.push(await this.traces.traceLot(dto.lot, { sku: dto.sku, date }, manager));
    return traces;
  }
}

/**
 * Stores a sighting, with its region's province and its SKU's product line,
 * unless a copy of it (same reporter and Idempotency-Key) already is or the
 * region or SKU does not exist; answers what the database made of it. The
 * rest of its transaction is a few prepared statements whose generic plans
 * are good: set_config has them planned once per connection rather than on
 * every call, without a round trip of its own.
 */
const INSERT_SQL = `
  INSERT INTO sighting (observed_at, observed_on, region_code, province_code, lat, lon, store_name, sku, product_line, observed_price,
    price_level, codes, lot, note, reported_by, reported_by_label, idempotency_key, request_hash)
  SELECT $1, $2, $3, r.province_code, $4, $5, $6, $7, p.product_line, $8, $9, $10, $11, $12, $13, $14, $15, $16
  FROM (SELECT coalesce(province_code, code) AS province_code FROM region WHERE code = $3) r,
       (SELECT product_line FROM product WHERE sku = $7) p
  ON CONFLICT (reported_by, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
  RETURNING id, created_at, province_code, product_line, observed_price::text, lat::text, lon::text,
            set_config('plan_cache_mode', 'force_generic_plan', true) AS plan_cache_mode`;

const insertValues = (sighting: Sighting): unknown[] => [
  sighting.observedAt,
  sighting.observedOn,
  sighting.regionCode,
  sighting.lat,
  sighting.lon,
  sighting.storeName,
  sighting.sku,
  sighting.observedPrice,
  sighting.priceLevel,
  sighting.codes,
  sighting.lot,
  sighting.note,
  sighting.reportedBy,
  sighting.reportedByLabel,
  sighting.idempotencyKey,
  sighting.requestHash,
];

/** Why a sighting was not stored: the region and SKU as they stand, and the sighting already sent under the key. */
const UNSTORED_SQL = `
  SELECT EXISTS (SELECT 1 FROM region WHERE code = $1) AS region_known,
         EXISTS (SELECT 1 FROM product WHERE sku = $2) AS product_known,
         (SELECT json_build_object('id', id, 'requestHash', request_hash, 'result', result)
          FROM sighting WHERE reported_by = $3::uuid AND idempotency_key = $4::text) AS first`;

interface StoredRow {
  id: string;
  created_at: Date;
  province_code: string;
  product_line: string;
  observed_price: string;
  lat: string | null;
  lon: string | null;
}

interface FirstSighting {
  id: string;
  requestHash: string;
  result: SightingDto;
}

/** A re-sent request gets the first answer; otherwise 422 names the region or SKU that does not exist. */
async function answerUnstored(manager: EntityManager, actor: Actor, dto: CreateSightingDto, key: string | null, requestHash: string): Promise<SightingOutcome> {
  const [why]: Array<{ region_known: boolean; product_known: boolean; first: FirstSighting | null }> = await manager.query(UNSTORED_SQL, [
    dto.regionCode,
    dto.sku,
    actor.id,
    key,
  ]);
  if (why.first) return replay(why.first, requestHash, key!);
  if (!why.region_known) {
    throw new RegionsError('REGION_UNKNOWN', `regionCode: no region ${dto.regionCode}`, [{ field: 'regionCode', problems: [`no region ${dto.regionCode}`] }]);
  }
  if (!why.product_known) {
    throw new CatalogError('PRODUCT_UNKNOWN', `sku: no product ${dto.sku}`, [{ field: 'sku', problems: [`no product ${dto.sku}`] }]);
  }
  // The region or SKU was created between the insert and this read.
  throw new SightingsError('SIGHTING_CONTENDED', 'The region or SKU changed while the sighting was received; send it again');
}

function replay(first: FirstSighting, requestHash: string, key: string): SightingOutcome {
  if (first.requestHash !== requestHash) {
    throw new SightingsError(
      'IDEMPOTENCY_KEY_REUSED',
      `Idempotency-Key ${key} was already used for another sighting (${first.id}); use a new key for a new sighting`,
      { sightingId: first.id },
    );
  }
  return { replayed: true, result: first.result };
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
