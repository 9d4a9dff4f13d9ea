// Reads a council's Open Referral UK feed, wherever it is: a paginated `/services` API (pages
// followed until `last_page`), one page of it, or a JSON file (an array of services, a page, or a
// single service). Yields each record as the feed sent it; checking them is the importer's job.
// The feed is untrusted: every response is size-limited and timed out, a page that does not move
// on stops the walk, and a list item without its child arrays is fetched in full from
// `/services/{id}` (the API reference lets list items omit them; the levels of need depend on them).
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';

export interface FeedItem {
  /** The record as the feed sent it. */
  raw: unknown;
  /** Position in the feed, from 0, for naming a record without a usable id. */
  index: number;
}

export interface FeedRead {
  /** The file path or address, as recorded with each record. */
  source: string;
  items: FeedItem[];
  /** True when the whole feed was read (every page, or a whole file): only then can services it no longer lists be withdrawn. */
  complete: boolean;
  pages: number;
  /** Problems with the feed itself (a page or a detail that could not be read): reported, never fatal for the rest. */
  problems: { id: string; field: string; reason: string }[];
}

export interface FeedOptions {
  /** Per request. */
  timeoutMs?: number;
  /** Per response body. */
  maxBytes?: number;
  maxPages?: number;
  /** Concurrent `/services/{id}` requests when list items come without their child arrays. */
  detailConcurrency?: number;
}

const DEFAULTS = { timeoutMs: 30_000, maxBytes: 50 * 1024 * 1024, maxPages: 5_000, detailConcurrency: 8 } as const;
const CHILD_ARRAYS = ['attributes', 'contacts', 'service_at_locations', 'cost_options', 'schedules', 'phones', 'taxonomy_terms'];

export class FeedError extends Error {}

export const isUrl = (s: string) => /^https?:\/\//i.test(s);

async function getJson(url: string, o: Required<FeedOptions>): Promise<unknown> {
  let lastError: unknown;
  // Two retries for a flaky council server; a 4xx is an answer, not a hiccup.
  for (let attempt = 0; attempt < 3; attempt++) {
    if (attempt) await new Promise((r) => setTimeout(r, 500 * attempt));
    try {
      const res = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(o.timeoutMs), redirect: 'follow' });
      if (res.status >= 400 && res.status < 500) throw new FeedError(`HTTP ${res.status}`);
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const declared = Number(res.headers.get('content-length') ?? '0');
      if (declared > o.maxBytes) throw new FeedError(`response larger than ${o.maxBytes} bytes`);
      const body = await readLimited(res, o.maxBytes);
      try {
        return JSON.parse(body);
      } catch {
        throw new FeedError('response is not JSON');
      }
    } catch (err) {
      if (err instanceof FeedError) throw err;
      lastError = err;
    }
  }
  throw new FeedError(lastError instanceof Error ? lastError.message : 'unreachable');
}

async function readLimited(res: Response, max: number): Promise<string> {
  if (!res.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value: chunk } = await reader.read();
    if (done) break;
    size += chunk.byteLength;
    if (size > max) {
      await reader.cancel();
      throw new FeedError(`response larger than ${max} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

interface Page {
  contents: unknown[];
  page_number?: number;
  total_pages?: number;
  last_page?: boolean;
}
const isPage = (v: unknown): v is Page => !!v && typeof v === 'object' && !Array.isArray(v) && Array.isArray((v as Page).contents);

/** Records of one parsed JSON document: an array, a page's contents, or one service. */
function recordsOf(doc: unknown): unknown[] | undefined {
  if (Array.isArray(doc)) return doc;
  if (isPage(doc)) return doc.contents;
  if (doc && typeof doc === 'object' && 'id' in doc) return [doc];
  return undefined;
}

export async function readFeed(source: string, options: FeedOptions = {}): Promise<FeedRead> {
  const o = { ...DEFAULTS, ...options };
  if (!isUrl(source)) {
    let doc: unknown;
    try {
      doc = JSON.parse(await readFile(source, 'utf8'));
    } catch (err) {
      throw new FeedError(`cannot read ${source}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    const records = recordsOf(doc);
    if (!records) throw new FeedError(`${source} is not an ORUK feed: expected an array of services, a page with "contents", or one service`);
    // A file holding one page of a longer feed is not the whole feed.
    const partial = isPage(doc) && doc.last_page === false;
    // The absolute path names the feed, so a run from another folder updates the same records.
    return { source: resolve(source), items: records.map((raw, index) => ({ raw, index })), complete: !partial, pages: 1, problems: [] };
  }
  return readApi(source, o);
}

async function readApi(source: string, o: Required<FeedOptions>): Promise<FeedRead> {
  const start = new URL(source);
  // An address that names a page is one page; otherwise walk them all.
  const single = start.searchParams.has('page');
  const problems: FeedRead['problems'] = [];
  const records: unknown[] = [];
  let pages = 0;
  let complete = false;
  let url = start;
  let lastNumber = 0;
  for (;;) {
    const doc = await getJson(url.href, o);
    pages++;
    const list = recordsOf(doc);
    if (!list) throw new FeedError(`${url.href} is not an ORUK services response`);
    records.push(...list);
    if (single || !isPage(doc)) {
      complete = !single;
      break;
    }
    const number = typeof doc.page_number === 'number' ? doc.page_number : lastNumber + 1;
    const last = doc.last_page === true || (typeof doc.total_pages === 'number' && number >= doc.total_pages) || list.length === 0;
    if (last) {
      complete = true;
      break;
    }
    if (number <= lastNumber || pages >= o.maxPages) {
      problems.push({ id: '(feed)', field: 'page_number', reason: `page ${number} after page ${lastNumber}: the feed does not move on, so the walk stopped` });
      break;
    }
    lastNumber = number;
    url = new URL(url.href);
    url.searchParams.set('page', String(number + 1));
  }
  const items = await withDetails(start, records, problems, o);
  // The feed is the API, whichever page was asked for: a single-page read updates the same records.
  const feed = new URL(start.href);
  feed.searchParams.delete('page');
  return { source: feed.href, items, complete: complete && !problems.some((p) => p.field === 'page_number'), pages, problems };
}

/** List items without any child array are fetched in full from `{stub}/services/{id}`. */
async function withDetails(start: URL, records: unknown[], problems: FeedRead['problems'], o: Required<FeedOptions>): Promise<FeedItem[]> {
  const base = start.pathname.replace(/\/services\/?$/, '');
  const needsDetail = (r: unknown) =>
    !!r && typeof r === 'object' && typeof (r as { id?: unknown }).id === 'string' && !CHILD_ARRAYS.some((k) => Array.isArray((r as Record<string, unknown>)[k]));
  const out: FeedItem[] = records.map((raw, index) => ({ raw, index }));
  if (!/\/services\/?$/.test(start.pathname)) return out;
  const queue = out.filter((item) => needsDetail(item.raw));
  const worker = async () => {
    for (let item = queue.shift(); item; item = queue.shift()) {
      const id = (item.raw as { id: string }).id;
      const url = new URL(`${base}/services/${encodeURIComponent(id)}`, start.origin);
      try {
        const full = await getJson(url.href, o);
        if (full && typeof full === 'object' && (full as { id?: unknown }).id === id) item.raw = full;
        else problems.push({ id, field: '(detail)', reason: 'the /services/{id} response is not this service: the list item is used as it is' });
      } catch (err) {
        problems.push({ id, field: '(detail)', reason: `${(err as Error).message}: the list item is used as it is` });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(o.detailConcurrency, queue.length) }, worker));
  return out;
}
