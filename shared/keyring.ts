/**
 * The token-signing keyring: creation, rotation, and where it is kept (a file locally, Secrets Manager
 * in AWS). Rotation adds a key that signs new links; older keys stay to verify the links they signed
 * until those expire, then are dropped.
 */
import { randomBytes } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import type { Keyring, SigningKey } from './tokens';

/** Where a keyring is read from (and, for the admin CLI, written to). */
export interface KeyringSource {
  get(): Promise<Keyring>;
  /**
   * Reads the keyring again past any cache (optional). Called when a link names a key id the cached
   * keyring lacks: right after a rotation, another function may already sign with the new key.
   */
  refresh?(): Promise<Keyring>;
}

function newKey(id: number, now: Date): SigningKey {
  return { id, secret: randomBytes(32).toString('base64'), createdAt: now.toISOString() };
}

export function createKeyring(now = new Date()): Keyring {
  return { current: 1, keys: [newKey(1, now)] };
}

/**
 * A keyring with a fresh current key. Keys retired longer ago than the link lifetime (plus a day's
 * margin) can no longer have a valid link and are dropped. Ids run 1–255, then wrap to the lowest
 * free id.
 */
export function rotateKeyring(keyring: Keyring, linkTtlDays: number, now = new Date()): Keyring {
  const horizon = now.getTime() - (linkTtlDays + 1) * 86_400_000;
  const kept = keyring.keys
    .filter((key) => !key.retiredAt || Date.parse(key.retiredAt) > horizon)
    .map((key) => (key.id === keyring.current ? { ...key, retiredAt: now.toISOString() } : key));
  const used = new Set(kept.map((key) => key.id));
  let id = keyring.current;
  do {
    id = (id % 255) + 1;
  } while (used.has(id) && id !== keyring.current);
  if (used.has(id)) throw new Error('all 255 key ids are in use by unexpired keys');
  return { current: id, keys: [...kept, newKey(id, now)] };
}

/** A keyring kept in a JSON file (the local run); made on first use. */
export function fileKeyringSource(path: string): KeyringSource & { save(keyring: Keyring): Promise<void> } {
  const save = async (keyring: Keyring) => {
    await writeFile(`${path}.tmp`, JSON.stringify(keyring, null, 2), { mode: 0o600 });
    await rename(`${path}.tmp`, path);
  };
  return {
    async get() {
      try {
        return JSON.parse(await readFile(path, 'utf8')) as Keyring;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        const keyring = createKeyring();
        await save(keyring);
        return keyring;
      }
    },
    save,
  };
}

/** A keyring that does not change (tests). */
export function staticKeyringSource(keyring: Keyring): KeyringSource {
  return { get: async () => keyring };
}
