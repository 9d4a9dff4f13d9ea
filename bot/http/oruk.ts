// The directory served as Open Referral UK (HSDS 3.0 UK profile) under one API stub, `/oruk`:
// open GET, no authentication and `Access-Control-Allow-Origin: *` on every response, as the
// profile's compliance rules require (../shared/oruk/profile_compliance.md). Query parameters
// combine with AND (api_reference.md); a bad one is a 400 naming the field and the reason, and
// a parameter we do not implement is refused rather than silently ignored (an ignored filter
// would answer a different question).
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { Knowledge } from '../../knowledge/load.ts';
import type { Directory } from '../../knowledge/search/directory.ts';
import { buildOrukIndex, type OrukIndex, orukListItem, orukService } from '../directory/oruk-view.ts';
import { type Logger, errorFields } from '../log.ts';
import { BadRequest, knownLocality, parseOrThrow, queryOf, sendBadRequest } from './validation.ts';

export interface OrukDeps {
  /** The directory as it is now: the routes rebuild their ORUK view when it changes. */
  directory: Directory & { current?(): Directory };
  knowledge: Knowledge;
  log: Logger;
}

const MAX_PER_PAGE = 200;
const DEFAULT_PER_PAGE = 50;
const int = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().min(min, `must be ${min} or more`).max(max, `must be ${max} or less`));
const age = z.string().trim().regex(/^-?\d+(\.\d+)?$/, 'must be a number').transform(Number);
const uuid = z.string().trim().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a UUID').transform((s) => s.toLowerCase());
const dateTime = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/, 'must be an ISO date or date-time, e.g. 2026-01-31 or 2026-01-31T09:00:00Z')
  .transform((s) => Date.parse(s.length === 10 ? `${s}T00:00:00Z` : s))
  .refine((n) => Number.isFinite(n), 'must be a real date');

const PageQuery = { page: int(1, 1_000_000).optional(), per_page: int(1, MAX_PER_PAGE).optional() };
const ServicesQuery = z.strictObject(
  {
    search: z.string().max(500, 'must be at most 500 characters').optional(),
    ...PageQuery,
    taxonomy_term_id: uuid.optional(),
    taxonomy_id: uuid.optional(),
    modified_after: dateTime.optional(),
    minimum_age: age.optional(),
    maximum_age: age.optional(),
    /** Local extension: one locality's services. */
    locality: z.string().min(1).max(60).optional(),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? `not supported here: ${issue.keys.join(', ')}; supported: search, page, per_page, taxonomy_term_id, taxonomy_id, modified_after, minimum_age, maximum_age, locality` : undefined) },
);
const TermsQuery = z.strictObject({ ...PageQuery, taxonomy_id: uuid.optional() });
const ListQuery = z.strictObject(PageQuery);

function page<T>(items: readonly T[], q: { page?: number; per_page?: number }, map: (t: T) => unknown) {
  const size = q.per_page ?? DEFAULT_PER_PAGE;
  const number = q.page ?? 1;
  const totalPages = Math.max(1, Math.ceil(items.length / size));
  const contents = items.slice((number - 1) * size, number * size).map(map);
  return {
    total_items: items.length,
    total_pages: totalPages,
    page_number: number,
    size: contents.length,
    first_page: number === 1,
    last_page: number >= totalPages,
    empty: contents.length === 0,
    contents,
  };
}

export function registerOruk(server: Server, deps: OrukDeps): void {
  let cached: { directory: Directory; index: OrukIndex } | undefined;
  const index = (): OrukIndex => {
    const d = deps.directory.current?.() ?? deps.directory;
    if (cached?.directory !== d) cached = { directory: d, index: buildOrukIndex(d, deps.knowledge) };
    return cached.index;
  };

  const handle = (name: string, fn: (req: Request, res: Response) => void) => async (req: Request, res: Response) => {
    res.header('Access-Control-Allow-Origin', '*');
    try {
      fn(req, res);
    } catch (err) {
      if (err instanceof BadRequest) return sendBadRequest(res, err.problems);
      deps.log.error('request failed', { route: name, ...errorFields(err) });
      res.send(500, { error: 'internal_error', message: 'Something went wrong on our side. Please try again.' });
    }
  };
  const notFound = (res: Response, what: string) => res.send(404, { error: 'not_found', message: `no ${what} with that id` });

  server.get('/oruk/', handle('oruk', (_req, res) => {
    res.send(200, {
      version: '3.0',
      // The UK profile's repository and its API description, as ../shared/oruk names them.
      profile: 'https://github.com/OpenReferralUK/uk-profile',
      openapi_url: 'https://open-referral-uk-profile.readthedocs.io/en/latest/openapi.html',
    });
  }));

  server.get('/oruk/services', handle('oruk-services', (req, res) => {
    const q = parseOrThrow(ServicesQuery, queryOf(req), 'query');
    const locality = knownLocality(deps.knowledge, q.locality, 'query.locality');
    const ix = index();
    let rows = ix.rows;
    if (q.search !== undefined && q.search.trim() !== '') {
      const d = deps.directory.current?.() ?? deps.directory;
      rows = d.every({ q: q.search, ...(locality ? { locality } : {}) }).flatMap((r) => ix.byRef.get(`${r.locality}/${r.id}`) ?? []);
    }
    rows = rows.filter(
      (row) =>
        (locality === undefined || row.result.locality === locality) &&
        (q.taxonomy_term_id === undefined || row.termIds.has(q.taxonomy_term_id)) &&
        (q.taxonomy_id === undefined || row.taxonomyIds.has(q.taxonomy_id)) &&
        (q.modified_after === undefined || row.modified >= q.modified_after) &&
        (q.minimum_age === undefined || row.result.minimum_age >= q.minimum_age) &&
        (q.maximum_age === undefined || row.result.maximum_age <= q.maximum_age),
    );
    res.send(200, page(rows, q, orukListItem));
  }));

  server.get('/oruk/services/:id', handle('oruk-service', (req, res) => {
    parseOrThrow(z.strictObject({}), queryOf(req), 'query');
    const row = index().byId.get(String(req.params.id).toLowerCase());
    if (!row) return notFound(res, 'service');
    res.send(200, orukService(row));
  }));

  server.get('/oruk/taxonomies', handle('oruk-taxonomies', (req, res) => {
    const q = parseOrThrow(ListQuery, queryOf(req), 'query');
    res.send(200, page(index().taxonomies, q, (t) => t));
  }));
  server.get('/oruk/taxonomies/:id', handle('oruk-taxonomy', (req, res) => {
    const t = index().taxonomies.find((x) => x.id === String(req.params.id).toLowerCase());
    if (!t) return notFound(res, 'taxonomy');
    res.send(200, t);
  }));
  server.get('/oruk/taxonomy_terms', handle('oruk-terms', (req, res) => {
    const q = parseOrThrow(TermsQuery, queryOf(req), 'query');
    const terms = index().terms.filter((t) => q.taxonomy_id === undefined || t.taxonomy_id === q.taxonomy_id);
    res.send(200, page(terms, q, (t) => t));
  }));
  server.get('/oruk/taxonomy_terms/:id', handle('oruk-term', (req, res) => {
    const t = index().terms.find((x) => x.id === String(req.params.id).toLowerCase());
    if (!t) return notFound(res, 'taxonomy term');
    res.send(200, t);
  }));
}
