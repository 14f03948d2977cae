import { Inject, Injectable, MessageEvent } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { concatMap, endWith, filter, from, ignoreElements, interval, map, merge, Observable, Subject, takeUntil, tap } from 'rxjs';
import { DataSource } from 'typeorm';
import { Actor } from '../../common/auth/roles';
import { DomainEvent } from '../../common/events/domain-events';
import { eventsConfig } from '../../config/configuration';
import { asHeardBy, hears } from './domain/event-audience';
import { EventListenerService } from './event-listener.service';

/** How long an incident's parties are trusted after they were read (a burst of events on one incident reads them once). */
const PARTIES_TTL_MS = 2_000;
/** The most incidents whose parties are kept; past it, the expired ones go. */
const PARTIES_KEPT = 10_000;

type Parties = { offenderCode: string | null; victimCodes: string[]; reporters: string[] } | null;

/**
 * The live event stream of one caller (GET /events): every event this
 * instance hears that the caller may hear, as the caller may hear it, and a
 * heartbeat in between. Each heartbeat checks the caller's credential again:
 * an expired token, a deactivated user, a revoked key or a changed role ends
 * the stream.
 */
@Injectable()
export class EventsService {
  private sequence = 0;
  private readonly parties = new Map<string, { at: number; value: Promise<Parties> }>();

  constructor(
    private readonly listener: EventListenerService,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(eventsConfig.KEY) private readonly config: ConfigType<typeof eventsConfig>,
  ) {}

  /** `stillValid` answers whether the caller's credential still stands for the same role and distributor. */
  streamFor(actor: Actor, stillValid: () => Promise<boolean>): Observable<MessageEvent> {
    const ended = new Subject<void>();
    const events = this.listener.stream.pipe(
      concatMap((event) => from(this.audible(actor, event))),
      concatMap((event) => (event === null ? [] : [{ type: event.type, id: String((this.sequence += 1)), data: event }])),
    );
    const heartbeats = interval(this.config.heartbeatMs).pipe(
      concatMap(() => from(stillValid().catch(() => false))),
      tap((valid) => valid || ended.next()),
      filter((valid) => valid),
      map(() => ({ type: 'heartbeat', data: { at: new Date().toISOString() } })),
    );
    // Ends with the caller's credential, and when the service stops listening (shutting down).
    return merge(events, heartbeats).pipe(takeUntil(merge(ended, this.listener.stream.pipe(ignoreElements(), endWith(null)))));
  }

  private async audible(actor: Actor, event: DomainEvent): Promise<DomainEvent | null> {
    const listener = { role: actor.role, distributorCode: actor.distributorCode };
    if (actor.role !== 'distributor' && actor.role !== 'field_rep') return hears(listener, event, null) ? event : null;
    const parties = typeof event.incidentId === 'string' ? await this.partiesOf(event.incidentId) : null;
    const incidentParties = parties === null ? null : { ...parties, openedByListener: actor.id !== null && parties.reporters.includes(actor.id) };
    return hears(listener, event, incidentParties) ? asHeardBy(listener, event) : null;
  }

  /** The incident's offender, victims and the reps whose sightings opened it: read once for a burst of events, never failing the stream. */
  private partiesOf(incidentId: string): Promise<Parties> {
    const now = Date.now();
    const cached = this.parties.get(incidentId);
    if (cached && now - cached.at < PARTIES_TTL_MS) return cached.value;
    const value = this.dataSource
      .query(
        `SELECT i.offender_code, i.victim_codes,
                ARRAY(SELECT DISTINCT s.reported_by::text FROM sighting s WHERE i.id = ANY (s.opened_incident_ids) AND s.reported_by IS NOT NULL) AS reporters
         FROM incident i WHERE i.id = $1::uuid`,
        [incidentId],
      )
      .then((rows: Array<{ offender_code: string | null; victim_codes: string[]; reporters: string[] }>) =>
        rows[0] ? { offenderCode: rows[0].offender_code, victimCodes: rows[0].victim_codes, reporters: rows[0].reporters } : null,
      )
      .catch(() => null);
    this.parties.set(incidentId, { at: now, value });
    if (this.parties.size > PARTIES_KEPT) {
      for (const [id, entry] of this.parties) if (now - entry.at >= PARTIES_TTL_MS) this.parties.delete(id);
    }
    return value;
  }
}
