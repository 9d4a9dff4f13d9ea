// `npm run directory:problems`: prints the open reports of problems with directory entries as CSV,
// for the council officer who maintains the packs (reads DATABASE_URL or DATA_DIR like the service). The reports
// page will show them to signed-in staff; until then this is how the council reads them.
import { loadConfig } from '../bot/config.ts';
import { toCsv } from '../bot/reports/csv.ts';
import { openDatabase } from '../bot/storage/database.ts';
import { createServiceProblemStore, type StoredServiceProblem } from '../bot/storage/service-problems.ts';

const config = loadConfig();
const db = await openDatabase({ dataDir: config.dataDir, ...config.database });
const rows = await createServiceProblemStore(db).list({ status: 'open' });
const columns: { key: keyof StoredServiceProblem; header: string }[] = [
  { key: 'reference', header: 'Reference' },
  { key: 'reportedAt', header: 'Reported at' },
  { key: 'locality', header: 'Area' },
  { key: 'serviceId', header: 'Service id' },
  { key: 'serviceName', header: 'Service' },
  { key: 'kind', header: 'Problem' },
  { key: 'details', header: 'Details' },
];
process.stdout.write(toCsv(columns, rows));
await db.close();
