// Byte-level helpers for the CSV scanner. Four-byte words are read through a DataView:
// per-record Buffer#copy and subarray cost more than the bytes themselves.

export const LF = 0x0a;
export const CR = 0x0d;
export const QUOTE = 0x22;
export const COMMA = 0x2c;
export const NUL = 0x00;

/** Index of `byte` at or after `from`, or the buffer's length when absent (so `<` comparisons work). */
export function nextIndex(buf: Buffer, byte: number, from: number): number {
  const at = buf.indexOf(byte, from);
  return at < 0 ? buf.length : at;
}

export const viewOf = (buf: Buffer): DataView => new DataView(buf.buffer, buf.byteOffset, buf.length);

/** Copies src[start, end) into dst at `to` and returns how many commas it copied. */
export function copyCountingCommas(srcView: DataView, src: Buffer, start: number, end: number, dstView: DataView, dst: Buffer, to: number): number {
  let commas = 0;
  let i = start;
  let o = to;
  for (; i + 4 <= end; i += 4, o += 4) {
    const word = srcView.getInt32(i, true);
    dstView.setInt32(o, word, true);
    // The high bit of each byte of `hits` is set exactly where that byte is a comma
    const x = word ^ 0x2c2c2c2c;
    const hits = ~(((x & 0x7f7f7f7f) + 0x7f7f7f7f) | x) & 0x80808080;
    commas += Math.imul(hits >>> 7, 0x01010101) >>> 24;
  }
  for (; i < end; i++, o++) {
    const byte = src[i];
    dst[o] = byte;
    if (byte === COMMA) commas++;
  }
  return commas;
}

export function countCommas(view: DataView, buf: Buffer, start: number, end: number): number {
  let commas = 0;
  let i = start;
  for (; i + 4 <= end; i += 4) {
    const x = view.getInt32(i, true) ^ 0x2c2c2c2c;
    const hits = ~(((x & 0x7f7f7f7f) + 0x7f7f7f7f) | x) & 0x80808080;
    commas += Math.imul(hits >>> 7, 0x01010101) >>> 24;
  }
  for (; i < end; i++) if (buf[i] === COMMA) commas++;
  return commas;
}

export function countLf(buf: Buffer, from: number, to: number): number {
  let n = 0;
  // A native search only pays for itself on long quoted text
  if (to - from < 64) {
    for (let i = from; i < to; i++) if (buf[i] === LF) n++;
    return n;
  }
  for (let at = buf.indexOf(LF, from); at >= 0 && at < to; at = buf.indexOf(LF, at + 1)) n++;
  return n;
}

/** Writes `n` in decimal at `at` and returns the index after it. */
export function writeUint(out: Buffer, at: number, n: number): number {
  let digits = 1;
  for (let m = n; m >= 10; m = Math.floor(m / 10)) digits++;
  let i = at + digits;
  do {
    out[--i] = 48 + (n % 10);
    n = Math.floor(n / 10);
  } while (n > 0);
  return at + digits;
}
