import { seededRandom } from '../lib/http';

/** Deterministic draws; each generation phase takes its own stream so one phase's size never shifts another's data. */
export class Rng {
  private readonly next: () => number;

  constructor(seed: number, stream: string) {
    this.next = seededRandom(mix(seed, stream));
  }

  float(): number {
    return this.next();
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)];
  }

  shuffle<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i -= 1) {
      const j = Math.floor(this.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy;
  }
}

/** FNV-1a over the stream name, folded with the seed. */
function mix(seed: number, stream: string): number {
  let hash = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < stream.length; i += 1) hash = Math.imul(hash ^ stream.charCodeAt(i), 0x01000193) >>> 0;
  return hash >>> 0;
}

const DAY_MS = 86_400_000;

// A world spans a few hundred days; remembering them keeps date arithmetic off the hot path.
const dayNumbers = new Map<string, number>();
const dates = new Map<number, string>();

export function dayNumber(date: string): number {
  let day = dayNumbers.get(date);
  if (day === undefined) {
    day = Date.parse(`${date}T00:00:00Z`) / DAY_MS;
    dayNumbers.set(date, day);
  }
  return day;
}

export function dateOf(day: number): string {
  let date = dates.get(day);
  if (date === undefined) {
    date = new Date(day * DAY_MS).toISOString().slice(0, 10);
    dates.set(day, date);
  }
  return date;
}

export function addDays(date: string, days: number): string {
  return dateOf(dayNumber(date) + days);
}

export function randomDate(rng: Rng, from: string, to: string): string {
  return dateOf(rng.int(dayNumber(from), dayNumber(to)));
}

export const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Cents to a 2-decimal string: 1250 -> "12.50". */
export function centsToDecimal(cents: number): string {
  return `${Math.floor(cents / 100)}.${pad(cents % 100, 2)}`;
}
