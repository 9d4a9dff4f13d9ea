// `npm run directory:import -- <file-or-url> --locality <id>`: loads a council's Open Referral UK
// feed into the database the service uses (DATA_DIR, as the service reads it). Bad records are
// reported and skipped; the run prints accepted, updated, unchanged and rejected. A running
// service picks the import up within a minute, with no restart. Exit code 0 when the import was
// saved (even with rejected records), 1 when the feed could not be read, 2 on a usage error.
import { loadConfig } from '../bot/config.ts';
import { openDirectoryStore } from '../bot/directory/open.ts';
import { formatReport, importFeed } from '../bot/directory/import.ts';
import { FeedError } from '../bot/directory/feed-source.ts';
import { loadKnowledge } from '../knowledge/load.ts';
import { protectedNumbers } from '../knowledge/search/directory.ts';

const USAGE = 'usage: npm run directory:import -- <file-or-url> --locality <id>';

function parseArgs(argv: string[]): { source: string; locality: string } | string {
  let source: string | undefined;
  let locality: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--locality') locality = argv[++i];
    else if (a.startsWith('--locality=')) locality = a.slice('--locality='.length);
    else if (a.startsWith('--')) return `unknown option ${a}`;
    else if (source === undefined) source = a;
    else return `more than one feed given (${source}, ${a})`;
  }
  if (!source) return 'no feed given';
  if (!locality) return 'no --locality given';
  return { source, locality };
}

const args = parseArgs(process.argv.slice(2));
if (typeof args === 'string') {
  process.stderr.write(`${args}\n${USAGE}\n`);
  process.exit(2);
}
const config = loadConfig();
const knowledge = loadKnowledge(config.knowledgeDir);
if (!knowledge.packs.has(args.locality)) {
  process.stderr.write(`--locality: "${args.locality}" is not a loaded pack; known: ${[...knowledge.packs.keys()].join(', ')}\n`);
  process.exit(2);
}
const { store, close } = await openDirectoryStore(config);
try {
  const report = await importFeed(args.source, args.locality, store, {
    protectedNumbers: protectedNumbers(knowledge.packs.values(), knowledge.vocabulary.national),
  });
  process.stdout.write(formatReport(report));
} catch (err) {
  if (!(err instanceof FeedError)) throw err;
  process.stderr.write(`feed not imported: ${err.message}\n`);
  process.exitCode = 1;
} finally {
  await close();
}
