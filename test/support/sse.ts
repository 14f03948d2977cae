import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';

export interface SseEvent {
  event: string;
  data: Record<string, unknown>;
}

/** A Server-Sent Events stream read as a client would: the events so far, and a wait for one that matches. */
export interface SseStream {
  events: SseEvent[];
  next(match: (event: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>;
  /** Settles when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

/** Opens GET `path` on a listening server with the given headers and parses the stream. */
export function openSse(server: Server, path: string, headers: Record<string, string>): Promise<SseStream> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const events: SseEvent[] = [];
    const waiters: Array<{ match: (event: SseEvent) => boolean; done: (event: SseEvent) => void }> = [];
    const outgoing = request({ host: '127.0.0.1', port, path, headers: { accept: 'text/event-stream', ...headers } }, (response) => {
      if (response.statusCode !== 200) {
        reject(new Error(`GET ${path} answered ${response.statusCode}`));
        return;
      }
      let buffer = '';
      const ended = new Promise<void>((done) => response.once('end', () => done()));
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const field = (name: string) =>
            block
              .split('\n')
              .filter((line) => line.startsWith(`${name}:`))
              .map((line) => line.slice(name.length + 1).trim())
              .join('\n');
          const data = field('data');
          if (!data) continue;
          const event = { event: field('event') || 'message', data: JSON.parse(data) as Record<string, unknown> };
          events.push(event);
          for (const waiter of waiters.splice(0).filter((candidate) => (candidate.match(event) ? (candidate.done(event), false) : true))) waiters.push(waiter);
        }
      });
      resolve({
        events,
        ended,
        next: (match, timeoutMs = 5_000) => {
          const found = events.find(match);
          if (found) return Promise.resolve(found);
          return new Promise((done, fail) => {
            const timer = setTimeout(
              () => fail(new Error(`no matching event within ${timeoutMs} ms; heard ${JSON.stringify(events.map((e) => e.event))}`)),
              timeoutMs,
            );
            waiters.push({ match, done: (event) => (clearTimeout(timer), done(event)) });
          });
        },
        close: () => outgoing.destroy(),
      });
    });
    outgoing.on('error', () => undefined);
    outgoing.end();
  });
}
