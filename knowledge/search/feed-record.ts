// One service record from a council's Open Referral UK (HSDS 3.0 UK profile) feed: checked
// against the fields the product uses, and read into the plain fields the directory needs. The
// rest of the record is kept as the feed sent it (by the importer), never interpreted. A feed is
// untrusted input: nothing here decides a level 4 route, and numbers that are emergency or duty
// numbers are dropped (screenPhones), so a feed can never put itself in their place.
import { z } from 'zod';
import { jsonPath } from '../load.ts';

export const DELIVERY = ['in-person', 'online', 'phone'] as const;
export type Delivery = (typeof DELIVERY)[number];

/** The normalised fields of a feed record: what the directory searches and shows. */
export interface FeedRecord {
  id: string;
  name: string;
  description: string;
  status: 'active' | 'inactive' | 'defunct' | 'temporarily closed';
  minimum_age?: number;
  maximum_age?: number;
  eligibility_description?: string;
  url?: string;
  email?: string;
  organization?: string;
  contacts: { name: string; phones: string[]; emails: string[] }[];
  terms: { taxonomy?: string; id?: string; name: string }[];
  /** True when the feed says it is free; false when it gives a charge; absent when it says nothing. */
  free?: boolean;
  delivery: Delivery[];
  assured_date?: string;
  last_modified?: string;
}

export interface RecordProblem {
  id: string;
  field: string;
  reason: string;
}

const text = (max: number) => z.string().max(max, `must be at most ${max} characters`);
const Age = z.number('must be a number').min(0, 'must be 0 or more').max(130, 'must be 130 or under');
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'must be an ISO date, YYYY-MM-DD');
const Phone = z.looseObject({ number: text(40).optional() });
const Term = z.looseObject({ id: text(200).optional(), name: text(200).optional(), term: text(200).optional(), taxonomy: text(200).optional() });

// Loose objects: the profile has many fields the product does not use, and a feed may add its own.
export const OrukServiceRecord = z
  .looseObject({
    id: z.string('must be a string').trim().min(1, 'must not be empty').max(200),
    name: z.string('must be a string').trim().min(2, 'must be at least 2 characters').max(300),
    status: z.enum(['active', 'inactive', 'defunct', 'temporarily closed'], 'must be active, inactive, defunct or temporarily closed'),
    description: text(10_000).nullish(),
    url: text(2000).nullish(),
    email: z.email('must be an email address').nullish(),
    minimum_age: Age.nullish(),
    maximum_age: Age.nullish(),
    eligibility_description: text(5000).nullish(),
    fees: text(2000).nullish(),
    fees_description: text(2000).nullish(),
    assured_date: Day.nullish(),
    last_modified: z.string().regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/, 'must be an ISO date-time').nullish(),
    organization: z.looseObject({ name: text(300).nullish() }).nullish(),
    phones: z.array(Phone).max(50).nullish(),
    contacts: z.array(z.looseObject({ name: text(300).nullish(), email: z.email('must be an email address').nullish(), phones: z.array(Phone).max(50).nullish() })).max(50).nullish(),
    cost_options: z.array(z.looseObject({ amount: z.number('must be a number').nullish(), option: text(500).nullish(), amount_description: text(500).nullish() })).max(50).nullish(),
    schedules: z.array(z.looseObject({ attending_type: text(500).nullish() })).max(200).nullish(),
    service_at_locations: z.array(z.looseObject({ location: z.looseObject({ location_type: text(50).nullish() }).nullish() })).max(500).nullish(),
    attributes: z.array(z.looseObject({ taxonomy_term: Term.nullish() })).max(500).nullish(),
    taxonomy_terms: z.array(Term).max(500).nullish(),
  })
  .refine((s) => s.minimum_age == null || s.maximum_age == null || s.minimum_age <= s.maximum_age, { message: 'is above maximum_age', path: ['minimum_age'] });

const FREE = /\bfree\b|no charge|no cost/i;
function costOf(s: z.infer<typeof OrukServiceRecord>): boolean | undefined {
  const options = s.cost_options ?? [];
  if (options.some((o) => typeof o.amount === 'number' && o.amount > 0)) return false;
  if (options.length > 0 && options.every((o) => o.amount === 0 || FREE.test(`${o.option ?? ''} ${o.amount_description ?? ''}`))) return true;
  const fees = `${s.fees ?? ''} ${s.fees_description ?? ''}`.trim();
  return fees && FREE.test(fees) ? true : undefined;
}

function deliveryOf(s: z.infer<typeof OrukServiceRecord>): Delivery[] {
  const out = new Set<Delivery>();
  for (const sal of s.service_at_locations ?? []) {
    const type = sal.location?.location_type?.toLowerCase();
    if (type === 'physical') out.add('in-person');
    if (type === 'virtual') out.add('online');
  }
  for (const sch of s.schedules ?? []) {
    const t = (sch.attending_type ?? '').toLowerCase();
    if (/in[ -]?person|face to face|attend/.test(t)) out.add('in-person');
    if (/online|video|virtual|remote/.test(t)) out.add('online');
    if (/phone|telephone/.test(t)) out.add('phone');
  }
  return DELIVERY.filter((d) => out.has(d));
}

const tidy = (v: string | null | undefined) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/** Checks one record; a bad one comes back as its problems, each with the record's id, field and reason. */
export function readFeedRecord(raw: unknown, index: number): { ok: true; record: FeedRecord } | { ok: false; problems: RecordProblem[] } {
  const parsed = OrukServiceRecord.safeParse(raw);
  if (!parsed.success) {
    const rawId = raw && typeof raw === 'object' && 'id' in raw && typeof (raw as { id: unknown }).id === 'string' ? (raw as { id: string }).id : `record ${index + 1}`;
    return { ok: false, problems: parsed.error.issues.map((i) => ({ id: rawId.slice(0, 200), field: jsonPath(i.path).replace(/^\$\.?/, '') || '(record)', reason: i.message })) };
  }
  const s = parsed.data;
  const phonesOf = (list: { number?: string | undefined }[] | null | undefined) => (list ?? []).map((p) => tidy(p.number)).filter((n): n is string => n !== undefined);
  const contacts = (s.contacts ?? []).map((c) => ({ name: tidy(c.name) ?? s.name, phones: phonesOf(c.phones), emails: c.email ? [c.email] : [] }));
  const servicePhones = phonesOf(s.phones);
  if (servicePhones.length) contacts.unshift({ name: s.name, phones: servicePhones, emails: [] });
  const terms = [...(s.attributes ?? []).map((a) => a.taxonomy_term), ...(s.taxonomy_terms ?? [])]
    .filter((t): t is z.infer<typeof Term> => !!t && !!tidy(t.name ?? t.term))
    .map((t) => ({ name: tidy(t.name ?? t.term)!, ...(tidy(t.id) ? { id: tidy(t.id)! } : {}), ...(tidy(t.taxonomy) ? { taxonomy: tidy(t.taxonomy)! } : {}) }));
  const free = costOf(s);
  const record: FeedRecord = {
    id: s.id,
    name: s.name,
    description: tidy(s.description) ?? '',
    status: s.status,
    ...(s.minimum_age != null ? { minimum_age: s.minimum_age } : {}),
    ...(s.maximum_age != null ? { maximum_age: s.maximum_age } : {}),
    ...(tidy(s.eligibility_description) ? { eligibility_description: tidy(s.eligibility_description)! } : {}),
    ...(tidy(s.url) ? { url: tidy(s.url)! } : {}),
    ...(s.email ? { email: s.email } : {}),
    ...(tidy(s.organization?.name) ? { organization: tidy(s.organization?.name)! } : {}),
    contacts,
    terms,
    ...(free !== undefined ? { free } : {}),
    delivery: deliveryOf(s),
    ...(s.assured_date ? { assured_date: s.assured_date.slice(0, 10) } : {}),
    ...(s.last_modified ? { last_modified: s.last_modified } : {}),
  };
  return { ok: true, record };
}

/** Digits only: "0116 454 1694" and "01164541694" are the same number. */
export const phoneDigits = (n: string) => n.replace(/\D/g, '').replace(/^44(?=\d{9,10}$)/, '0');

/** Emergency and national short codes (999, 112, 111, 101, 116 xxx) and everything the pack itself holds. */
const SHORT_CODES = /^(?:999|112|911|111|101|116\d{3})$/;

/**
 * Drops every feed number that is an emergency number or one of the protected numbers (the pack's
 * own contacts, duty teams among them, and the national numbers): those come only from the pack.
 */
export function screenPhones(record: FeedRecord, protectedNumbers: ReadonlySet<string>): { record: FeedRecord; dropped: string[] } {
  const dropped: string[] = [];
  const contacts = record.contacts.map((c) => ({
    ...c,
    phones: c.phones.filter((p) => {
      const d = phoneDigits(p);
      const bad = d.length === 0 || SHORT_CODES.test(d) || protectedNumbers.has(d);
      if (bad) dropped.push(p);
      return !bad;
    }),
  }));
  return { record: { ...record, contacts }, dropped };
}
