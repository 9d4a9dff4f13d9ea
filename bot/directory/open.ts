// Opens the directory store on the service's database (DATABASE_URL, or SQLite under DATA_DIR),
// migrated as the service opens it, for the import script; the running service passes its own.
import type { Config } from '../config.ts';
import { openDatabase } from '../storage/database.ts';
import { createDirectoryStore, type DirectoryStore } from './store.ts';

export async function openDirectoryStore(config: Pick<Config, 'dataDir' | 'database'>): Promise<{ store: DirectoryStore; close(): Promise<void> }> {
  const db = await openDatabase({ dataDir: config.dataDir, ...config.database });
  return { store: createDirectoryStore(db), close: () => db.close() };
}
