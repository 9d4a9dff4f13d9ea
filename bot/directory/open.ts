// Opens the directory store on the service's database, for the import script (the running
// service passes its own handle instead).
import type { Config } from '../config.ts';
import { openDatabase } from '../storage/database.ts';
import { createDirectoryStore, type DirectoryStore, sqliteDirectorySql } from './store.ts';

export async function openDirectoryStore(config: Pick<Config, 'dataDir'>): Promise<{ store: DirectoryStore; close(): Promise<void> }> {
  const db = openDatabase(config.dataDir);
  return { store: createDirectoryStore(sqliteDirectorySql(db)), close: async () => db.close() };
}
