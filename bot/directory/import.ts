// One import of a council's Open Referral UK feed into the database: read it (feed-source.ts),
// check every record against the product's schema for the fields it uses (feed-record.ts), skip a
// bad one with its id, field and reason (never fatal), and save the good ones with their raw
// record. Duty and emergency numbers are never taken from a feed: any the feed carries are
// reported here and dropped again whenever the directory is built.
import { createHash } from 'node:crypto';
import { type FeedRecord, type RecordProblem, readFeedRecord, screenPhones } from '../../knowledge/search/feed-record.ts';
import { type FeedOptions, readFeed } from './feed-source.ts';
import type { DirectoryStore, ImportCounts } from './store.ts';

export interface ImportReport extends ImportCounts {
  locality: string;
  source: string;
  pages: number;
  complete: boolean;
  /** Every record skipped: id, field and reason. */
  problems: RecordProblem[];
  /** Problems with the feed itself (a page or a full record that could not be read); none is fatal. */
  feedProblems: RecordProblem[];
  /** Numbers dropped because they are emergency or protected (duty) numbers. */
  dropped: { id: string; number: string }[];
  seconds: number;
}

export interface ImportOptions extends FeedOptions {
  /** The packs' own numbers and the national ones (digits only): never accepted from a feed. */
  protectedNumbers: ReadonlySet<string>;
  now?: () => Date;
}

export async function importFeed(source: string, locality: string, store: DirectoryStore, options: ImportOptions): Promise<ImportReport> {
  const started = performance.now();
  const feed = await readFeed(source, options);
  const problems: RecordProblem[] = [];
  const dropped: ImportReport['dropped'] = [];
  const good: { id: string; raw: string; hash: string; record: FeedRecord }[] = [];
  const ids = new Set<string>();
  let rejected = 0;
  for (const item of feed.items) {
    const read = readFeedRecord(item.raw, item.index);
    if (!read.ok) {
      rejected++;
      problems.push(...read.problems);
      continue;
    }
    if (ids.has(read.record.id)) {
      rejected++;
      problems.push({ id: read.record.id, field: 'id', reason: 'appears more than once in the feed: the first is kept' });
      continue;
    }
    ids.add(read.record.id);
    for (const number of screenPhones(read.record, options.protectedNumbers).dropped) dropped.push({ id: read.record.id, number });
    const raw = JSON.stringify(item.raw);
    good.push({ id: read.record.id, raw, hash: createHash('sha256').update(raw).digest('hex'), record: read.record });
  }
  const counts = await store.saveImport({
    locality,
    feed: feed.source,
    records: good,
    withdrawMissing: feed.complete,
    rejected,
    at: (options.now ?? (() => new Date()))(),
  });
  return { ...counts, locality, source: feed.source, pages: feed.pages, complete: feed.complete, problems, feedProblems: feed.problems, dropped, seconds: (performance.now() - started) / 1000 };
}

/** The run's report as the import prints it: one line per problem, then the counts. */
export function formatReport(r: ImportReport): string {
  const lines = [
    ...r.problems.map((p) => `rejected ${p.id}: ${p.field}: ${p.reason}`),
    ...r.feedProblems.map((p) => `feed problem ${p.id}: ${p.field}: ${p.reason}`),
    ...r.dropped.map((d) => `dropped number ${d.number} from ${d.id}: duty and emergency numbers come only from the pack`),
    `${r.source} -> ${r.locality}: ${r.pages} page${r.pages === 1 ? '' : 's'}${r.complete ? '' : ' (not the whole feed: nothing withdrawn)'}, ${r.seconds.toFixed(1)} s`,
    `accepted ${r.accepted}, updated ${r.updated}, unchanged ${r.unchanged}, rejected ${r.rejected}, withdrawn ${r.withdrawn}`,
  ];
  return `${lines.join('\n')}\n`;
}
