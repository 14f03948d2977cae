import { Inject, Injectable, MessageEvent } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { concatMap, from, interval, map, merge, Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import { Actor } from '../../common/auth/roles';
import { DomainEvent } from '../../common/events/domain-events';
import { eventsConfig } from '../../config/configuration';
import { hears, IncidentParties } from './domain/event-audience';
import { EventListenerService } from './event-listener.service';

/** How long an incident's parties are trusted after they were read (a burst of events on one incident reads them once). */
const PARTIES_TTL_MS = 2_000;

/**
 * The live event stream of one caller (GET /events): every event this
 * instance hears that the caller may hear, and a heartbeat in between.
 */
@Injectable()
export class EventsService {
  private sequence = 0;
  private readonly parties = new Map<string, { at: number; value: Promise<{ offenderCode: string | null; victimCodes: string[] } | null> }>();

  constructor(
    private readonly listener: EventListenerService,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(eventsConfig.KEY) private readonly config: ConfigType<typeof eventsConfig>,
  ) {}

  streamFor(actor: Actor): Observable<MessageEvent> {
    const events = this.listener.stream.pipe(
      concatMap((event) => from(this.audible(actor, event))),
      concatMap((event) => (event === null ? [] : [{ type: event.type, id: String((this.sequence += 1)), data: event }])),
    );
    const heartbeats = interval(this.config.heartbeatMs).pipe(map(() => ({ type: 'heartbeat', data: { at: new Date().toISOString() } })));
    return merge(events, heartbeats);
  }

  private async audible(actor: Actor, event: DomainEvent): Promise<DomainEvent | null> {
    const listener = { role: actor.role, distributorCode: actor.distributorCode };
    if (actor.role !== 'distributor' && actor.role !== 'field_rep') return hears(listener, event, null) ? event : null;
    const parties = typeof event.incidentId === 'string' ? await this.partiesOf(actor, event.incidentId) : null;
    return hears(listener, event, parties) ? event : null;
  }

  private async partiesOf(actor: Actor, incidentId: string): Promise<IncidentParties | null> {
    const cached = this.parties.get(incidentId);
    const now = Date.now();
    let value = cached && now - cached.at < PARTIES_TTL_MS ? cached.value : null;
    if (value === null) {
      value = this.dataSource
        .query(`SELECT offender_code, victim_codes FROM incident WHERE id = $1::uuid`, [incidentId])
        .then((rows: Array<{ offender_code: string | null; victim_codes: string[] }>) =>
          rows[0] ? { offenderCode: rows[0].offender_code, victimCodes: rows[0].victim_codes } : null,
        )
        .catch(() => null);
      this.parties.set(incidentId, { at: now, value });
      if (this.parties.size > 10_000) this.parties.clear();
    }
    const parties = await value;
    if (parties === null) return null;
    const openedByListener =
      actor.role === 'field_rep' &&
      (
        (await this.dataSource.query(`SELECT 1 FROM sighting WHERE reported_by = $1 AND $2::uuid = ANY (opened_incident_ids) LIMIT 1`, [
          actor.id,
          incidentId,
        ])) as unknown[]
      ).length > 0;
    return { ...parties, openedByListener };
  }
}
