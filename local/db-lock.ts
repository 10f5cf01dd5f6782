/**
 * dynalite's LevelDB can be opened by one process only, and when it is already held dynalite fails
 * with an uncaught "Database is closed" on the first request. This checks first, with the same
 * LevelDB package dynalite uses, so the person at the terminal gets a clear message instead.
 */
import { createRequire } from 'node:module';

interface LevelDb {
  open(): Promise<void>;
  close(): Promise<void>;
}

/** True when another process holds the LevelDB at `path`. */
export async function isDatabaseLocked(path: string): Promise<boolean> {
  const fromDynalite = createRequire(createRequire(import.meta.url).resolve('dynalite'));
  const { Level } = fromDynalite('level') as { Level: new (path: string) => LevelDb };
  const db = new Level(path);
  try {
    await db.open();
    return false;
  } catch (error) {
    const code = (error as { code?: string; cause?: { code?: string } }).code;
    if (code === 'LEVEL_LOCKED' || (error as { cause?: { code?: string } }).cause?.code === 'LEVEL_LOCKED')
      return true;
    throw error;
  } finally {
    await db.close().catch(() => {});
  }
}
