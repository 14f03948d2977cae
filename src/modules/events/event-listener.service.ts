import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from 'pg';
import { Observable, Subject } from 'rxjs';
import { DataSource } from 'typeorm';
import { DomainEvent, EVENTS_CHANNEL } from '../../common/events/domain-events';

/** The longest wait before trying to listen again after the connection was lost. */
const MAX_RECONNECT_MS = 30_000;
/** How often the listening connection is probed: a connection lost without a word (a partition) is noticed within this. */
const PROBE_MS = 30_000;
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * Hears the domain events of every service instance: one dedicated
 * connection per instance LISTENs on PostgreSQL's channel (events are
 * published with NOTIFY inside the transaction that made the change), and
 * hands each event to the subscribers of this instance. A lost connection is
 * reopened with growing pauses; the process never dies of it.
 */
@Injectable()
export class EventListenerService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Events');
  private readonly events = new Subject<DomainEvent & { at: string }>();
  private client: Client | null = null;
  private stopped = false;
  private retryMs = 500;
  private retryTimer: NodeJS.Timeout | null = null;
  private probeTimer: NodeJS.Timeout | null = null;
  /** Connections already given up on: a failure reports both error and end, and is handled once. */
  private readonly dead = new WeakSet<Client>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Every event heard from now on. */
  get stream(): Observable<DomainEvent & { at: string }> {
    return this.events.asObservable();
  }

  async onModuleInit(): Promise<void> {
    await this.listen();
    this.probeTimer = setInterval(() => void this.probe(), PROBE_MS);
    this.probeTimer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.probeTimer) clearInterval(this.probeTimer);
    this.events.complete();
    await this.client?.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    const url = (this.dataSource.options as { url?: string }).url;
    const client = new Client({ connectionString: url, keepAlive: true, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, query_timeout: CONNECT_TIMEOUT_MS });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    client.on('notification', (message) => {
      try {
        this.events.next(JSON.parse(message.payload ?? '{}'));
      } catch {
        this.logger.warn(`an event that is not JSON was dropped: ${message.payload?.slice(0, 200)}`);
      }
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${EVENTS_CHANNEL}`);
      // Stopped while connecting: this connection must not keep the process alive.
      if (this.stopped) {
        this.dead.add(client);
        await client.end().catch(() => undefined);
        return;
      }
      this.client = client;
      this.retryMs = 500;
    } catch (error) {
      this.lost(client, error);
    }
  }

  /** A round trip on the listening connection; one that fails gives the connection up, and listening starts again. */
  private async probe(): Promise<void> {
    const client = this.client;
    if (!client || this.stopped) return;
    await client.query('SELECT 1').catch((error: unknown) => this.lost(client, error));
  }

  private lost(client: Client, error?: unknown): void {
    if (this.stopped || this.dead.has(client)) return;
    this.dead.add(client);
    if (this.client === client) this.client = null;
    client.end().catch(() => undefined);
    this.logger.warn(`not listening for events (${error instanceof Error ? error.message : 'connection ended'}); again in ${this.retryMs} ms`);
    this.retryTimer = setTimeout(() => void this.listen(), this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, MAX_RECONNECT_MS);
  }
}
