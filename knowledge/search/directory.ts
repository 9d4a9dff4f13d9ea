// The service directory: every locality's own services (services.json, from the seeds) and the
// services imported from its council's Open Referral UK feed, in one index, searched with filters
// for locality, age, level of need, need, cost and delivery. Pure after build: no I/O, no
// botbuilder; the database read happens in bot/ and arrives here as plain records.
import type { Contact, DirectorySettings, Level, NationalContact, Service, ServiceField, Source, SynonymGroup } from '../schema.ts';
import { type Delivery, type FeedRecord, phoneDigits, screenPhones } from './feed-record.ts';
import { InvertedIndex } from './inverted-index.ts';
import { type FieldSpec, type QueryPlan, Synonyms, clampLimit, placeMatcher, planQuery, roundScore } from './text.ts';

export type { Delivery } from './feed-record.ts';
export { DELIVERY } from './feed-record.ts';

/** What the directory needs from a locality pack; a `LoadedPack` from load.ts fits. */
export interface DirectoryPack {
  readonly id: string;
  readonly services: readonly Service[];
  readonly contacts?: readonly Contact[];
  readonly manifest?: { readonly placeNames?: readonly string[] };
  readonly directory?: DirectorySettings;
}

/** A service imported from a council's feed, as bot/ reads it from the database. */
export interface ImportedService extends FeedRecord {
  readonly locality: string;
  /** Where it came from: the feed's address or file, and the record's version in our store. */
  readonly feed: { readonly url: string; readonly version: number };
}

export interface DirectoryQuery {
  /** Free text as the practitioner typed it; a whole sentence is fine. */
  q?: string;
  locality?: string;
  /** The child's age in years; negative for an unborn baby. Overrides an age stated in q. */
  age?: number;
  level?: Level;
  /** A need category code (the pack's "need" terms and directory.json needs). */
  need?: string;
  /** Only services the directory knows to be free. */
  free?: boolean;
  delivery?: Delivery;
  limit?: number;
  /** For "checked N months ago"; the clock is the caller's, so search stays pure. */
  now?: Date;
}

export interface DirectoryContact {
  name: string;
  phones: string[];
  emails: string[];
  urls: string[];
  /** The id of the pack contact (contacts.json) this one is. */
  contact_ref?: string;
}

export interface Freshness {
  /** The date the entry was last checked or changed, YYYY-MM(-DD); absent when the feed gives none. */
  date?: string;
  monthsAgo?: number;
  /** "checked 3 months ago", "checked over 2 years ago", "never checked". */
  text: string;
  /** Older than the pack's staleAfterMonths (feed entries), or undated. */
  stale: boolean;
}

export interface DirectoryResult {
  id: string;
  locality: string;
  name: string;
  description: string;
  /** Relevance; 0 when listing without a query. */
  score: number;
  minimum_age: number;
  maximum_age: number;
  /** Levels of need served, from the level-of-need terms (pack) or the pack's taxonomy mapping (feed). */
  levels: number[];
  /** True when no term of a feed service is mapped, so it serves the pack's default levels. */
  levelsAssumed: boolean;
  eligibility_description: string;
  contacts: DirectoryContact[];
  url?: string;
  email?: string;
  organization?: string;
  /** The pack's own date for a seed entry; the feed's assured_date, else last_modified, else "". */
  assured_date: string;
  last_modified?: string;
  checked: Freshness;
  needsLocalConfiguration: boolean;
  /** Fields the seed does not give, shown as "to be confirmed locally" (ages: the range is only a search default). */
  toConfirm: ServiceField[];
  /** "pack": named in the seeds (services.json); "feed": imported from the council's feed. */
  origin: 'pack' | 'feed';
  /** The seed a pack entry comes from; absent for feed entries, which carry `feed`. */
  source?: Source;
  feed?: { url: string; version: number };
  status: Service['status'];
  needs: string[];
  /** Taxonomy terms as given (feed) or as the pack classifies (pack). */
  terms: { taxonomy: string; id?: string; name: string }[];
  free?: boolean;
  delivery: Delivery[];
  /** Why this service is in the list: the words it matched and the filters it meets. */
  why: string[];
}

export interface NoMatchOffer {
  locality: string;
  /** What was searched for, as the practitioner put it (trimmed). */
  query: string;
  message: string;
  /** The pack's contacts to offer, with their role and what the council still has to configure. */
  contacts: (DirectoryContact & { role: string; needsLocalConfiguration: boolean; note?: string })[];
  quote: string;
  source: Source;
}

export interface DirectoryAnswer {
  results: DirectoryResult[];
  /** "list": no words, filters only; "good": a service matched a specific word; "none": nothing did. */
  match: 'list' | 'good' | 'none';
  /** When nothing matched well: the council's own information service, from the seeds. */
  noMatch?: NoMatchOffer;
}

export interface Directory {
  search(query?: DirectoryQuery): DirectoryResult[];
  /** Like search, with no limit: every service the query matches well, best first (the ORUK API pages it). */
  every(query?: Omit<DirectoryQuery, 'limit'>): DirectoryResult[];
  /** The search with its verdict: an honest "no local service found" instead of unrelated teams. */
  find(query?: DirectoryQuery): DirectoryAnswer;
  /** How the directory read a query: the words it searched, ages and places it recognised. */
  understand(q: string): QueryPlan;
  /** Every service shown (inactive and defunct ones never are), in directory order. */
  all(now?: Date): DirectoryResult[];
  get(locality: string, id: string, now?: Date): DirectoryResult | undefined;
  /** The need categories and delivery modes a locality's services offer, for filter menus. */
  filters(locality?: string): { needs: { code: string; name: string }[]; delivery: Delivery[] };
  readonly size: number;
}

/** Field boosts: a service's name and its practitioner keywords say most about what it is. */
export const DIRECTORY_FIELDS: readonly FieldSpec[] = [
  { name: 'name', boost: 4 },
  { name: 'keywords', boost: 3 },
  { name: 'terms', boost: 1.5 },
  { name: 'description', boost: 1 },
  { name: 'eligibility', boost: 1 },
];
const WEIGHTS = { concept: 0.8, fuzzy: 0.25 } as const;
const DEFAULT_LIMIT = 10;

/**
 * Words that describe nearly every service, so a match on them alone says nothing: "support for a
 * parent" finds every family team. A service matches well only on some other word. A synonym
 * group counts as one of these when any of its words does ("mum" is a parent).
 */
const GENERIC_WORDS = new Set(
  `support supports supporting help helps helping service services advice advise team teams worker workers work
   family families child children kid kids parent parents carer carers mum mother mom dad father young people person
   group groups local council centre center information need needs issue issues problem problems concern concerns
   someone person people home refer refers referral referrals referring using use used out go get got want wants`.split(/\s+/).filter(Boolean),
);

interface Entry {
  readonly order: number;
  readonly result: Omit<DirectoryResult, 'score' | 'why' | 'checked'>;
  readonly staleAfterMonths: number | undefined;
}

/** Levels of need a service serves, from its level-of-need taxonomy terms, ascending. */
export function serviceLevels(service: Pick<Service, 'attributes'>): number[] {
  const levels = service.attributes
    .filter((a) => a.taxonomy_term.taxonomy === 'level-of-need')
    .map((a) => Number(a.taxonomy_term.code))
    .filter((n) => Number.isInteger(n) && n >= 1 && n <= 4);
  return [...new Set(levels)].sort((a, b) => a - b);
}

/**
 * Whether a service takes a child of this age. Ages are in years and may be fractional (a 3 month
 * old is 0.25); an unborn baby (negative age) counts as 0, so services from birth and
 * pregnancy-related services (minimum_age -1) match. A service for "0 to 5" takes a child of 5¾.
 */
export function servesAge(service: Pick<Service, 'minimum_age' | 'maximum_age'>, age: number): boolean {
  if (!Number.isFinite(age)) return true;
  const a = age < 0 ? 0 : age;
  return a >= service.minimum_age && Math.floor(a) <= service.maximum_age;
}

/** Whole months from an ISO date to now. */
function monthsSince(date: string, now: Date): number | undefined {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?/.exec(date);
  if (!m) return undefined;
  const months = (now.getUTCFullYear() - Number(m[1])) * 12 + (now.getUTCMonth() + 1 - Number(m[2])) - (m[3] && now.getUTCDate() < Number(m[3]) ? 1 : 0);
  return Math.max(0, months);
}

export function freshness(date: string | undefined, now: Date, staleAfterMonths: number | undefined): Freshness {
  const months = date ? monthsSince(date, now) : undefined;
  if (months === undefined) return { text: 'never checked: the feed gives no date', stale: staleAfterMonths !== undefined };
  const text =
    months === 0
      ? 'last checked this month'
      : months < 24
        ? `last checked ${months} month${months === 1 ? '' : 's'} ago`
        : `last checked over ${Math.floor(months / 12)} years ago`;
  return { date, monthsAgo: months, text, stale: staleAfterMonths !== undefined && months > staleAfterMonths };
}

function packEntry(pack: DirectoryPack, service: Service, contacts: ReadonlyMap<string, Contact>): Entry['result'] {
  const resolved = service.contacts.map((c): DirectoryContact => {
    const pc = c.contact_ref ? contacts.get(c.contact_ref) : undefined;
    const phones = [...new Set([...c.phones.map((p) => p.number), ...(pc?.phones ?? [])])];
    const emails = [...new Set([...c.emails, ...(pc?.emails ?? [])])];
    const urls = [...new Set(pc?.urls ?? [])];
    return { name: c.name, phones, emails, urls, ...(c.contact_ref ? { contact_ref: c.contact_ref } : {}) };
  });
  const terms = service.attributes.map((a) => ({ taxonomy: a.taxonomy_term.taxonomy, id: a.taxonomy_term.code, name: a.taxonomy_term.name }));
  return {
    id: service.id,
    locality: pack.id,
    name: service.name,
    description: service.description,
    minimum_age: service.minimum_age,
    maximum_age: service.maximum_age,
    levels: serviceLevels(service),
    levelsAssumed: false,
    eligibility_description: service.eligibility_description,
    contacts: resolved,
    ...(service.url ? { url: service.url } : {}),
    ...(service.email ? { email: service.email } : {}),
    ...(service.organization ? { organization: service.organization.name } : {}),
    assured_date: service.assured_date,
    needsLocalConfiguration: service.needsLocalConfiguration,
    toConfirm: [...service.toConfirm],
    origin: 'pack',
    source: service.source,
    status: service.status,
    needs: terms.filter((t) => t.taxonomy === 'need').map((t) => t.id),
    terms,
    delivery: [],
  };
}

/** A feed service, read through the pack's taxonomy mapping. Its phones have already been screened. */
function feedEntry(service: ImportedService, settings: DirectorySettings | undefined): Entry['result'] {
  const levels = new Set<number>();
  const needs = new Set<string>();
  for (const term of service.terms) {
    for (const m of settings?.taxonomyLevels ?? []) {
      if (m.taxonomy !== undefined && m.taxonomy.toLowerCase() !== (term.taxonomy ?? '').toLowerCase()) continue;
      const key = m.term.toLowerCase();
      if (key !== term.name.toLowerCase() && key !== (term.id ?? '').toLowerCase()) continue;
      m.levels.forEach((l) => levels.add(l));
      m.needs.forEach((n) => needs.add(n));
    }
  }
  const assumed = levels.size === 0;
  const served = assumed ? (settings?.unmapped.levels ?? [1, 2]) : [...levels];
  return {
    // A feed's ages and eligibility are the council's own published data, not claims of ours.
    toConfirm: [],
    id: service.id,
    locality: service.locality,
    name: service.name,
    description: service.description,
    minimum_age: service.minimum_age ?? 0,
    maximum_age: service.maximum_age ?? 130,
    levels: [...new Set(served)].filter((l) => l >= 1 && l <= 3).sort((a, b) => a - b),
    levelsAssumed: assumed,
    eligibility_description: service.eligibility_description ?? '',
    contacts: service.contacts.map((c) => ({ name: c.name, phones: c.phones, emails: c.emails, urls: [] })),
    ...(service.url ? { url: service.url } : {}),
    ...(service.email ? { email: service.email } : {}),
    ...(service.organization ? { organization: service.organization } : {}),
    assured_date: service.assured_date ?? service.last_modified?.slice(0, 10) ?? '',
    ...(service.last_modified ? { last_modified: service.last_modified } : {}),
    needsLocalConfiguration: false,
    origin: 'feed',
    feed: service.feed,
    status: service.status,
    needs: [...needs],
    terms: service.terms.map((t) => ({ taxonomy: t.taxonomy ?? 'feed', ...(t.id ? { id: t.id } : {}), name: t.name })),
    ...(service.free !== undefined ? { free: service.free } : {}),
    delivery: service.delivery,
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Numbers a feed may never carry: every number in the packs' contacts and the national numbers. */
export function protectedNumbers(packs: Iterable<DirectoryPack>, national: readonly NationalContact[] = []): Set<string> {
  const out = new Set<string>();
  for (const p of packs) for (const c of p.contacts ?? []) for (const n of c.phones) out.add(phoneDigits(n));
  for (const c of national) for (const n of c.phones) out.add(phoneDigits(n));
  return out;
}

export interface DirectoryOptions {
  /** Services imported from the councils' feeds (bot/ reads them from the database). */
  imported?: readonly ImportedService[];
  /** National numbers (shared/national.json): never taken from a feed. */
  national?: readonly NationalContact[];
}

export function buildDirectory(packs: Iterable<DirectoryPack>, synonymGroups: readonly SynonymGroup[], options: DirectoryOptions = {}): Directory {
  const packList = [...packs];
  const byPack = new Map(packList.map((p) => [p.id, p]));
  const synonyms = new Synonyms(synonymGroups);
  const places = placeMatcher(packList);
  const guarded = protectedNumbers(packList, options.national);
  const entries: Entry[] = [];
  const seen = new Set<string>();
  const push = (result: Entry['result'], staleAfterMonths: number | undefined, keywords: readonly string[]) => {
    const ref = `${result.locality}/${result.id}`;
    // Inactive and defunct services are never shown; a feed id that repeats a pack id is skipped.
    if (result.status === 'inactive' || result.status === 'defunct' || seen.has(ref)) return;
    seen.add(ref);
    entries.push({ order: entries.length, result: deepFreeze(result), staleAfterMonths });
    docs.push({
      ref,
      fields: { name: result.name, keywords, terms: result.terms.map((t) => t.name), description: result.description, eligibility: result.eligibility_description },
    });
  };
  const docs: { ref: string; fields: Record<string, string | readonly string[]> }[] = [];
  for (const pack of packList) {
    const contacts = new Map((pack.contacts ?? []).map((c) => [c.id, c]));
    for (const service of pack.services) push(packEntry(pack, service, contacts), undefined, service.keywords);
  }
  for (const service of options.imported ?? []) {
    const pack = byPack.get(service.locality);
    if (!pack) continue;
    const { record } = screenPhones(service, guarded);
    push(feedEntry({ ...service, ...record }, pack.directory), pack.directory?.staleAfterMonths ?? 24, []);
  }
  const index = new InvertedIndex(docs, DIRECTORY_FIELDS, synonyms);
  // Each locality's documents, so a search in one never scores another's feed.
  const localityMask = new Map<string, Uint8Array>();
  entries.forEach((e, d) => {
    let mask = localityMask.get(e.result.locality);
    if (!mask) localityMask.set(e.result.locality, (mask = new Uint8Array(entries.length)));
    mask[d] = 1;
  });
  const EMPTY = new Uint8Array(entries.length);
  const byLocality = new Map<string, Entry[]>();
  for (const e of entries) {
    const list = byLocality.get(e.result.locality);
    if (list) list.push(e);
    else byLocality.set(e.result.locality, [e]);
  }
  const byRef = new Map(entries.map((e) => [`${e.result.locality}/${e.result.id}`, e]));
  // Each entry's filter data as typed arrays, read by document number, so checking the filters of
  // the thousands of services a common word matches is a few array reads, not a walk of objects.
  const n = entries.length;
  const minAge = new Float64Array(n);
  const maxAge = new Float64Array(n);
  /** Bit l set: serves level l (levels are small integers; a service with any other keeps its list). */
  const levelBits = new Uint32Array(n);
  const oddLevels = new Uint8Array(n);
  const isFree = new Uint8Array(n);
  const needMask = new Map<string, Uint8Array>();
  const deliveryMask = new Map<string, Uint8Array>();
  const flagIn = (masks: Map<string, Uint8Array>, key: string, d: number) => {
    let mask = masks.get(key);
    if (!mask) masks.set(key, (mask = new Uint8Array(n)));
    mask[d] = 1;
  };
  entries.forEach((e, d) => {
    const r = e.result;
    minAge[d] = r.minimum_age;
    maxAge[d] = r.maximum_age;
    for (const l of r.levels) {
      if (Number.isInteger(l) && l >= 0 && l < 32) levelBits[d]! |= 1 << l;
      else oddLevels[d] = 1;
    }
    isFree[d] = r.free === true ? 1 : 0;
    for (const code of r.needs) flagIn(needMask, code, d);
    for (const mode of r.delivery) flagIn(deliveryMask, mode, d);
  });

  const conceptLabel = new Map(synonymGroups.map((g, i) => [Synonyms.concept(i), g.words[0]!]));
  const genericConcept = new Set(synonymGroups.flatMap((g, i) => (g.words.some((w) => GENERIC_WORDS.has(w.toLowerCase())) ? [Synonyms.concept(i)] : [])));
  const isGeneric = (word: string) => GENERIC_WORDS.has(word) || genericConcept.has(word);
  const FIELD_WORDS: Record<string, string> = { name: 'name', keywords: 'keywords', terms: 'categories', description: 'description', eligibility: 'who it is for' };

  const understand = (q: string) => planQuery(q, synonyms, places);
  const view = (e: Entry, score: number, why: string[], now: Date): DirectoryResult => ({
    ...e.result,
    score: roundScore(score),
    checked: freshness(e.result.assured_date || undefined, now, e.staleAfterMonths),
    why,
  });

  function find(query: DirectoryQuery = {}, limit = clampLimit(query.limit, DEFAULT_LIMIT)): DirectoryAnswer {
    const now = query.now ?? new Date();
    const text = typeof query.q === 'string' ? query.q : '';
    const plan = understand(text);
    // A given age wins over ages in the text, but a pregnancy the text mentions still brings the
    // unborn baby in: "17 yo pregnant" is a 17 year old and her baby.
    const ages = typeof query.age === 'number' && Number.isFinite(query.age) ? [query.age, ...plan.ages.filter((a) => a < 0)] : plan.ages;
    const locality = typeof query.locality === 'string' && query.locality !== '' ? query.locality : undefined;
    const { level, need, free, delivery } = query;
    // The filters, resolved once per query into what eligible() reads: the same tests as
    // servesAge() and `includes`, on the typed arrays above.
    const localityOk = locality === undefined ? undefined : (localityMask.get(locality) ?? EMPTY);
    const levelBit = level === undefined ? 0 : Number.isInteger(level) && level >= 0 && level < 32 ? 1 << level : 0;
    const anyAge = ages.length === 0 || ages.some((age) => !Number.isFinite(age));
    const ageList = Float64Array.from(anyAge ? [] : ages, (age) => (age < 0 ? 0 : age));
    const ageFloor = ageList.map(Math.floor);
    const needOk = need === undefined ? undefined : (needMask.get(need) ?? EMPTY);
    const deliveryOk = delivery === undefined ? undefined : (deliveryMask.get(delivery) ?? EMPTY);
    const wantFree = free === true;
    const eligibleDoc = (d: number): boolean => {
      if (localityOk !== undefined && localityOk[d] === 0) return false;
      if (level !== undefined && (oddLevels[d] === 1 ? !entries[d]!.result.levels.includes(level) : (levelBits[d]! & levelBit) === 0 || levelBit === 0)) return false;
      if (!anyAge) {
        let ok = false;
        for (let i = 0; i < ageList.length && !ok; i++) ok = ageList[i]! >= minAge[d]! && ageFloor[i]! <= maxAge[d]!;
        if (!ok) return false;
      }
      if (needOk !== undefined && needOk[d] === 0) return false;
      if (wantFree && isFree[d] === 0) return false;
      return deliveryOk === undefined || deliveryOk[d] === 1;
    };
    const filterReasons = (r: Entry['result']): string[] => [
      ...(ages.length ? [`takes ${r.minimum_age < 0 ? 'before birth' : `ages ${r.minimum_age}`} to ${r.maximum_age}`] : []),
      ...(level !== undefined ? [`serves level ${level}${r.levelsAssumed ? ' (assumed: its categories are not mapped to levels)' : ''}`] : []),
      ...(need !== undefined ? [`need: ${need}`] : []),
      ...(free ? ['free'] : []),
      ...(delivery !== undefined ? [`delivered ${delivery.replace('-', ' ')}`] : []),
    ];

    // With no locality chosen, services in a place the query names come first.
    const named = locality === undefined ? new Set(plan.localities) : new Set<string>();
    const placeRank = (e: Entry) => (named.size > 0 && !named.has(e.result.locality) ? 1 : 0);

    if (plan.terms.length === 0 && plan.concepts.length === 0) {
      // In directory order (a place named in the text first); stops once `limit` are found.
      const pool = locality !== undefined ? (byLocality.get(locality) ?? []) : entries;
      const listed: Entry[] = [];
      for (const rank of named.size > 0 ? [0, 1] : [0]) {
        for (const e of pool) {
          if (listed.length >= limit) break;
          if ((named.size === 0 || placeRank(e) === rank) && eligibleDoc(e.order)) listed.push(e);
        }
      }
      return { match: 'list', results: listed.map((e) => view(e, 0, filterReasons(e.result), now)) };
    }
    const scored = index.search(plan, WEIGHTS, isGeneric, locality !== undefined ? (localityMask.get(locality) ?? EMPTY) : undefined);
    const ranked: { entry: Entry; score: number; doc: number; named: boolean }[] = [];
    const better = (a: (typeof ranked)[number], b: (typeof ranked)[number]) => placeRank(a.entry) - placeRank(b.entry) || b.score - a.score || a.entry.order - b.entry.order;
    // Only the best `limit` are kept, by insertion: sorting every match of a common word in a
    // 10,000-service feed would cost more than the search.
    const bounded = Number.isFinite(limit);
    for (const doc of scored.docs) {
      if (!eligibleDoc(doc)) continue;
      const score = scored.score(doc);
      if (bounded && ranked.length >= limit) {
        // Not better than the worst kept: skipped before any object is made (same order as better()).
        const worst = ranked[ranked.length - 1]!;
        const place = named.size > 0 ? placeRank(entries[doc]!) - placeRank(worst.entry) : 0;
        if ((place || worst.score - score || doc - worst.entry.order) >= 0) continue;
      }
      const r = { entry: entries[doc]!, score, doc, named: scored.named(doc) };
      if (!bounded) {
        ranked.push(r);
        continue;
      }
      if (ranked.length >= limit && better(r, ranked[ranked.length - 1]!) >= 0) continue;
      let i = ranked.length;
      while (i > 0 && better(r, ranked[i - 1]!) < 0) i--;
      ranked.splice(i, 0, r);
      if (ranked.length > limit) ranked.pop();
    }
    if (!Number.isFinite(limit)) ranked.sort(better);
    const out: DirectoryResult[] = [];
    for (const r of ranked) {
      if (out.length >= limit) break;
      const words = scored.explain(r.doc);
      // Why it matched: the specific words (all of them for a service named by generic words),
      // one line per word however many synonyms found it.
      const shown = new Map<string, Set<string>>();
      for (const w of r.named ? words : words.filter((x) => !isGeneric(x.word))) {
        const label = conceptLabel.get(w.word) ?? w.word;
        const fields = shown.get(label) ?? new Set<string>();
        w.fields.forEach((f) => fields.add(FIELD_WORDS[f] ?? f));
        shown.set(label, fields);
      }
      const why = [...shown].map(([label, fields]) => `"${label}" in its ${[...fields].join(', ')}`);
      out.push(view(r.entry, r.score, [`matched ${why.join('; ')}`, ...filterReasons(r.entry.result)], now));
    }
    if (out.length > 0) return { match: 'good', results: out };
    const pack = locality ? byPack.get(locality) : undefined;
    return { match: 'none', results: [], ...(pack?.directory ? { noMatch: noMatchOffer(pack, text) } : {}) };
  }

  function noMatchOffer(pack: DirectoryPack, text: string): NoMatchOffer {
    const settings = pack.directory!;
    const contacts = new Map((pack.contacts ?? []).map((c) => [c.id, c]));
    const shown = text.trim().replace(/\s+/g, ' ');
    return {
      locality: pack.id,
      query: shown.length > 80 ? `${shown.slice(0, 79)}…` : shown,
      message: `No local service found for "${shown.length > 80 ? `${shown.slice(0, 79)}…` : shown}". The council's own information may help:`,
      contacts: settings.noMatch.contacts.flatMap((id) => {
        const c = contacts.get(id);
        return c
          ? [{ name: c.name, role: c.role, phones: [...c.phones], emails: [...c.emails], urls: [...c.urls], contact_ref: c.id, needsLocalConfiguration: c.needsLocalConfiguration === true, ...(c.note ? { note: c.note } : {}) }]
          : [];
      }),
      quote: settings.noMatch.quote,
      source: settings.noMatch.source,
    };
  }

  return {
    find: (query) => find(query),
    search: (query) => find(query).results,
    every: (query = {}) => find(query, Number.POSITIVE_INFINITY).results,
    understand,
    all: (now = new Date()) => entries.map((e) => view(e, 0, [], now)),
    get: (locality, id, now = new Date()) => {
      const e = byRef.get(`${locality}/${id}`);
      return e ? view(e, 0, [], now) : undefined;
    },
    filters(locality) {
      const needs = new Map<string, string>();
      const delivery = new Set<Delivery>();
      for (const e of entries) {
        if (locality !== undefined && e.result.locality !== locality) continue;
        const pack = byPack.get(e.result.locality);
        for (const code of e.result.needs) {
          const name = e.result.terms.find((t) => t.taxonomy === 'need' && t.id === code)?.name ?? pack?.directory?.needs.find((n) => n.code === code)?.name ?? code;
          if (!needs.has(code)) needs.set(code, name);
        }
        e.result.delivery.forEach((d) => delivery.add(d));
      }
      return { needs: [...needs].map(([code, name]) => ({ code, name })).sort((a, b) => a.name.localeCompare(b.name)), delivery: (['in-person', 'online', 'phone'] as const).filter((d) => delivery.has(d)) };
    },
    size: entries.length,
  };
}
