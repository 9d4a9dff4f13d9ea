// Both storage engines, for a test that must hold on each: real SQLite (in memory, migrated) and
// a fresh database on the run's throwaway PostgreSQL cluster (migrated as the service does).
//
//   describe.each(ENGINES)('%s: the thing', (_engine, open) => {
//     let db: Database;
//     beforeAll(async () => { db = await open(); });
//     afterAll(() => db?.close());
//     it('...', async () => { ... new MyStore(db) ... });
//   });
//
// The PostgreSQL half fails with the reason, never skips, when there is no cluster.
import type { Database, Engine } from '../../bot/storage/sql.ts';
import { memoryDatabase } from './db.ts';
import { postgresDatabase } from './postgres.ts';

export const ENGINES: [Engine, () => Promise<Database>][] = [
  ['sqlite', async () => memoryDatabase()],
  ['postgres', postgresDatabase],
];
