// The service directory: every locality's services (Open Referral UK / HSDS shape) in one lunr
// index, built once, searched with filters for locality, the child's age and the level of need.
// Pure after build: no I/O, no botbuilder.
import type { Contact, Level, Service, ServiceField, Source, SynonymGroup } from '../schema.ts';
import {
  type FieldSpec,
  type QueryPlan,
  Synonyms,
  buildLunrIndex,
  clampLimit,
  placeMatcher,
  planQuery,
  roundScore,
  runQuery,
} from './text.ts';

/** What the directory needs from a locality pack; a `LoadedPack` from load.ts fits. */
export interface DirectoryPack {
  readonly id: string;
  readonly services: readonly Service[];
  readonly contacts?: readonly Contact[];
  readonly manifest?: { readonly placeNames?: readonly string[] };
}

export interface DirectoryQuery {
  /** Free text as the practitioner typed it; a whole sentence is fine. */
  q?: string;
  locality?: string;
  /** The child's age in years; negative for an unborn baby. Overrides an age stated in q. */
  age?: number;
  level?: Level;
  limit?: number;
}

export interface DirectoryContact {
  name: string;
  phones: string[];
  emails: string[];
  urls: string[];
  /** The id of the pack contact (contacts.json) this one is. */
  contact_ref?: string;
}

export interface DirectoryResult {
  id: string;
  locality: string;
  name: string;
  description: string;
  /** lunr relevance; 0 when listing without a query. */
  score: number;
  minimum_age: number;
  maximum_age: number;
  /** Levels of need served, from the level-of-need taxonomy terms. */
  levels: number[];
  eligibility_description: string;
  contacts: DirectoryContact[];
  url?: string;
  email?: string;
  organization?: string;
  assured_date: string;
  needsLocalConfiguration: boolean;
  /** Fields the seed does not give, shown as "to be confirmed locally" (ages: the range is only a search default). */
  toConfirm: ServiceField[];
  source: Source;
}

export interface Directory {
  search(query?: DirectoryQuery): DirectoryResult[];
  /** How the directory read a query: the words it searched, ages and places it recognised. */
  understand(q: string): QueryPlan;
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

interface Entry {
  readonly ref: string;
  readonly order: number;
  readonly locality: string;
  readonly service: Service;
  readonly levels: readonly number[];
  readonly result: Omit<DirectoryResult, 'score'>;
}

/** Levels of need a service serves, from its level-of-need taxonomy terms, ascending. */
export function serviceLevels(service: Service): number[] {
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

function toResult(locality: string, service: Service, levels: number[], contacts: ReadonlyMap<string, Contact>): Omit<DirectoryResult, 'score'> {
  const resolved = service.contacts.map((c): DirectoryContact => {
    const pack = c.contact_ref ? contacts.get(c.contact_ref) : undefined;
    const phones = [...new Set([...c.phones.map((p) => p.number), ...(pack?.phones ?? [])])];
    const emails = [...new Set([...c.emails, ...(pack?.emails ?? [])])];
    const urls = [...new Set(pack?.urls ?? [])];
    return { name: c.name, phones, emails, urls, ...(c.contact_ref ? { contact_ref: c.contact_ref } : {}) };
  });
  return {
    id: service.id,
    locality,
    name: service.name,
    description: service.description,
    minimum_age: service.minimum_age,
    maximum_age: service.maximum_age,
    levels,
    eligibility_description: service.eligibility_description,
    contacts: resolved,
    ...(service.url ? { url: service.url } : {}),
    ...(service.email ? { email: service.email } : {}),
    ...(service.organization ? { organization: service.organization.name } : {}),
    assured_date: service.assured_date,
    needsLocalConfiguration: service.needsLocalConfiguration,
    toConfirm: [...service.toConfirm],
    source: service.source,
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

export function buildDirectory(packs: Iterable<DirectoryPack>, synonymGroups: readonly SynonymGroup[]): Directory {
  const packList = [...packs];
  const synonyms = new Synonyms(synonymGroups);
  const places = placeMatcher(packList);
  const entries: Entry[] = [];
  for (const pack of packList) {
    const contacts = new Map((pack.contacts ?? []).map((c) => [c.id, c]));
    for (const service of pack.services) {
      const levels = serviceLevels(service);
      entries.push({
        ref: `${pack.id}/${service.id}`,
        order: entries.length,
        locality: pack.id,
        service,
        levels,
        result: deepFreeze(toResult(pack.id, service, levels, contacts)),
      });
    }
  }
  const byRef = new Map(entries.map((e) => [e.ref, e]));
  const index = buildLunrIndex(
    entries.map((e) => ({
      ref: e.ref,
      fields: {
        name: e.service.name,
        keywords: e.service.keywords,
        terms: e.service.attributes.map((a) => a.taxonomy_term.name),
        description: e.service.description,
        eligibility: e.service.eligibility_description,
      },
    })),
    DIRECTORY_FIELDS,
    synonyms,
  );

  const understand = (q: string) => planQuery(q, synonyms, places);

  function search(query: DirectoryQuery = {}): DirectoryResult[] {
    const limit = clampLimit(query.limit, DEFAULT_LIMIT);
    const plan = understand(typeof query.q === 'string' ? query.q : '');
    // A given age wins over ages in the text, but a pregnancy the text mentions still brings the
    // unborn baby in: "17 yo pregnant" is a 17 year old and her baby.
    const ages = typeof query.age === 'number' && Number.isFinite(query.age) ? [query.age, ...plan.ages.filter((a) => a < 0)] : plan.ages;
    const locality = typeof query.locality === 'string' && query.locality !== '' ? query.locality : undefined;
    const level = query.level;
    const eligible = (e: Entry) =>
      (locality === undefined || e.locality === locality) &&
      (level === undefined || e.levels.includes(level)) &&
      (ages.length === 0 || ages.some((age) => servesAge(e.service, age)));

    // With no locality chosen, services in a place the query names come first.
    const named = locality === undefined ? new Set(plan.localities) : new Set<string>();
    const placeRank = (e: Entry) => (named.size > 0 && !named.has(e.locality) ? 1 : 0);

    let ranked: { entry: Entry; score: number }[];
    if (plan.terms.length === 0 && plan.concepts.length === 0) {
      ranked = entries.filter(eligible).map((entry) => ({ entry, score: 0 }));
    } else {
      ranked = [];
      for (const [ref, score] of runQuery(index, plan, WEIGHTS)) {
        const entry = byRef.get(ref);
        if (entry && eligible(entry)) ranked.push({ entry, score });
      }
    }
    ranked.sort((a, b) => placeRank(a.entry) - placeRank(b.entry) || b.score - a.score || a.entry.order - b.entry.order);
    return ranked.slice(0, limit).map(({ entry, score }) => ({ ...entry.result, score: roundScore(score) }));
  }

  return { search, understand, size: entries.length };
}
