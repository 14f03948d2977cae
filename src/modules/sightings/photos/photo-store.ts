import { createReadStream } from 'node:fs';
import { mkdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';

/** Where photo bytes live; rows keep their key. A cloud object store would implement the same three calls. */
export interface PhotoStore {
  put(key: string, bytes: Buffer): Promise<void>;
  /** The bytes, or null when the store has none under the key. */
  read(key: string): Promise<Readable | null>;
  remove(key: string): Promise<void>;
}

export const PHOTO_STORE = Symbol('PhotoStore');

/** The default store: files under `<DATA_DIR>/photos`, written to a temporary name first so a reader never sees half a photo. */
export class LocalDiskPhotoStore implements PhotoStore {
  constructor(private readonly root: string) {}

  async put(key: string, bytes: Buffer): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    const partial = `${path}.partial`;
    try {
      await writeFile(partial, bytes);
      await rename(partial, path);
    } catch (error) {
      await unlink(partial).catch(() => undefined);
      throw error;
    }
  }

  async read(key: string): Promise<Readable | null> {
    const path = this.pathOf(key);
    const found = await stat(path).then(
      (info) => info.isFile(),
      () => false,
    );
    return found ? createReadStream(path) : null;
  }

  async remove(key: string): Promise<void> {
    const path = this.pathOf(key);
    await Promise.all([unlink(path).catch(() => undefined), unlink(`${path}.partial`).catch(() => undefined)]);
  }

  private pathOf(key: string): string {
    if (!/^[0-9a-f-]{36}$/.test(key)) throw new Error(`not a photo key: ${key}`);
    // Two levels of folders by the id's random tail keep folders small.
    return join(this.root, key.slice(-2), key.slice(-4, -2), key);
  }
}

/** The image type of some bytes, judged by their first bytes (not by the file's name or the client's word); null when none of ours. */
export function sniffImageType(bytes: Buffer): 'image/jpeg' | 'image/png' | 'image/webp' | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  return null;
}
