// The directory as Open Referral UK (HSDS 3.0 UK profile) objects: services, list items,
// taxonomies and terms, in the shapes of ../shared/oruk/schema (test/oruk-api.test.ts validates
// them). The profile wants UUIDs; a pack's own services have readable ids ("children-centre-
// services"), so they get a stable name-based UUID, as does any feed id that is not a UUID. The
// levels of need are taxonomy attributes (taxonomy "level-of-need", one term per locality and
// level), which the profile allows; a feed service whose terms are not mapped says its levels are
// assumed, in the term's link_type.
import { createHash } from 'node:crypto';
import type { Knowledge } from '../../knowledge/load.ts';
import type { Directory, DirectoryResult } from '../../knowledge/search/directory.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A name-based UUID (version 5 layout, SHA-1 of the name): the same name always gives the same id. */
export function stableUuid(name: string): string {
  const h = createHash('sha1').update(`early-help-guide:${name}`).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export const LEVEL_TAXONOMY = 'level-of-need';

export interface OrukTerm {
  id: string;
  name: string;
  description: string;
  taxonomy: string;
  taxonomy_id: string;
  term: string;
}
export interface OrukTaxonomy {
  id: string;
  name: string;
  description: string;
}

interface Row {
  id: string;
  result: DirectoryResult;
  /** Term ids, for taxonomy_term_id; taxonomy ids, for taxonomy_id. */
  termIds: Set<string>;
  taxonomyIds: Set<string>;
  modified: number;
  attributes: { id: string; taxonomy_term_id: string; link_type: string; taxonomy_term: OrukTerm }[];
}

export interface OrukIndex {
  rows: Row[];
  byId: Map<string, Row>;
  byRef: Map<string, Row>;
  terms: OrukTerm[];
  taxonomies: OrukTaxonomy[];
}

const validUrl = (u: string | undefined): string | undefined => {
  if (!u) return undefined;
  const withScheme = /^https?:\/\//i.test(u) ? u : `https://${u}`;
  try {
    return new URL(withScheme).href;
  } catch {
    return undefined;
  }
};
const validEmail = (e: string | undefined) => (e && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e) ? e : undefined);

/** Builds the ORUK view of one directory build (cached per build by the routes). */
export function buildOrukIndex(directory: Directory, knowledge: Knowledge): OrukIndex {
  const terms = new Map<string, OrukTerm>();
  const taxonomies = new Map<string, OrukTaxonomy>();
  const taxonomy = (name: string, description: string) => {
    const id = stableUuid(`taxonomy/${name}`);
    if (!taxonomies.has(id)) taxonomies.set(id, { id, name, description });
    return id;
  };
  const levelTaxonomy = taxonomy(LEVEL_TAXONOMY, 'Levels of need from each locality\'s threshold guidance (1 universal to 4 acute). Feeds carry none: for imported services they come from the locality\'s own mapping of taxonomy terms.');
  const term = (t: { taxonomy: string; id?: string; name: string }): OrukTerm => {
    const id = t.id && UUID.test(t.id) ? t.id.toLowerCase() : stableUuid(`term/${t.taxonomy}/${t.id ?? t.name}`);
    let out = terms.get(id);
    if (!out) {
      out = { id, name: t.name, description: t.name, taxonomy: t.taxonomy, taxonomy_id: taxonomy(t.taxonomy, `Terms of the "${t.taxonomy}" taxonomy, as the directory's sources give them.`), term: t.id ?? t.name };
      terms.set(id, out);
    }
    return out;
  };
  const levelTerm = (locality: string, level: number): OrukTerm => {
    const id = stableUuid(`${LEVEL_TAXONOMY}/${locality}/${level}`);
    let out = terms.get(id);
    if (!out) {
      const pack = knowledge.packs.get(locality);
      const def = pack?.manifest.levels.find((l) => l.level === level);
      out = { id, name: `${pack?.manifest.name ?? locality}: ${def?.name ?? `Level ${level}`}`, description: def?.meaning ?? `Level ${level} of need.`, taxonomy: LEVEL_TAXONOMY, taxonomy_id: levelTaxonomy, term: String(level) };
      terms.set(id, out);
    }
    return out;
  };

  const rows: Row[] = [];
  const byId = new Map<string, Row>();
  const byRef = new Map<string, Row>();
  for (const result of directory.all()) {
    const ref = `${result.locality}/${result.id}`;
    let id = result.origin === 'feed' && UUID.test(result.id) ? result.id.toLowerCase() : stableUuid(`service/${ref}`);
    if (byId.has(id)) id = stableUuid(`service/${ref}`);
    const attributes: Row['attributes'] = [];
    const attr = (t: OrukTerm, linkType: string) => attributes.push({ id: stableUuid(`attribute/${ref}/${t.id}`), taxonomy_term_id: t.id, link_type: linkType, taxonomy_term: t });
    for (const level of result.levels) attr(levelTerm(result.locality, level), result.levelsAssumed ? 'level_of_need_assumed' : 'level_of_need');
    for (const t of result.terms) if (t.taxonomy !== LEVEL_TAXONOMY) attr(term(t), 'taxonomy');
    const modifiedText = result.last_modified ?? result.assured_date;
    const row: Row = {
      id,
      result,
      termIds: new Set(attributes.map((a) => a.taxonomy_term_id)),
      taxonomyIds: new Set(attributes.map((a) => a.taxonomy_term.taxonomy_id)),
      modified: modifiedText ? Date.parse(modifiedText.length === 7 ? `${modifiedText}-01` : modifiedText) : Number.NaN,
      attributes,
    };
    rows.push(row);
    byId.set(id, row);
    byRef.set(ref, row);
  }
  return { rows, byId, byRef, terms: [...terms.values()], taxonomies: [...taxonomies.values()] };
}

/** The list item (service_list.json): the service's own properties and its organisation, no child arrays. */
export function orukListItem(row: Row): Record<string, unknown> {
  const r = row.result;
  const url = validUrl(r.url);
  const email = validEmail(r.email);
  const modified = Number.isFinite(row.modified) ? new Date(row.modified).toISOString() : undefined;
  return {
    id: row.id,
    name: r.name,
    description: r.description,
    ...(url ? { url } : {}),
    ...(email ? { email } : {}),
    status: r.status,
    ...(r.free === true ? { fees: 'Free' } : {}),
    minimum_age: r.minimum_age,
    maximum_age: r.maximum_age,
    ...(r.assured_date ? { assured_date: r.assured_date } : {}),
    ...(modified ? { last_modified: modified } : {}),
    ...(r.organization ? { organization: { id: stableUuid(`organization/${r.locality}/${r.organization}`), name: r.organization, description: r.organization } } : {}),
  };
}

/** The full service (service.json): the list item plus contacts and the taxonomy attributes. */
export function orukService(row: Row): Record<string, unknown> {
  const r = row.result;
  const ref = `${r.locality}/${r.id}`;
  return {
    ...orukListItem(row),
    contacts: r.contacts.map((c, i) => {
      const email = validEmail(c.emails[0]);
      return {
        id: stableUuid(`contact/${ref}/${i}`),
        service_id: row.id,
        name: c.name,
        // HSDS 3.0 contacts carry phones and an email; the UK profile does not list them but
        // allows further properties, and a practitioner needs the number.
        ...(email ? { email } : {}),
        phones: c.phones.map((number, j) => ({ id: stableUuid(`phone/${ref}/${i}/${j}`), number })),
      };
    }),
    attributes: row.attributes,
    ...(r.eligibility_description ? { eligibility_description: r.eligibility_description } : {}),
  };
}
