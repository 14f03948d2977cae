import type { IncomingMessage } from 'node:http';
import type { Readable, Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** Media types a CSV upload may arrive under (spreadsheets and ERPs send several). */
const CSV_CONTENT_TYPES = ['text/csv', 'application/csv', 'text/plain', 'application/vnd.ms-excel', 'application/octet-stream'];

/** What a CSV upload says of itself in its headers. */
export interface CsvUpload {
  /** The media type, lower case, without parameters ('' when none). */
  type: string;
  isCsv: boolean;
  /** Content-Length, 0 when not announced (a chunked body). */
  declaredBytes: number;
  /** The stages that give the file's bytes: the body, gunzipped when sent with Content-Encoding: gzip. */
  source: [Readable, ...Transform[]];
}

export function csvUpload(request: IncomingMessage): CsvUpload {
  const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  const gzip = (request.headers['content-encoding'] ?? '').toLowerCase() === 'gzip';
  return {
    type,
    isCsv: CSV_CONTENT_TYPES.includes(type),
    declaredBytes: Number(request.headers['content-length'] ?? 0),
    source: gzip ? [request, createGunzip()] : [request],
  };
}
