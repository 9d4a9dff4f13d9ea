// The JSON API (DESIGN.md, "HTTP surface"): triage, directory search, guidance search, health.
// Every body and query is validated with zod; a bad one gets 400 naming the field and the reason.
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { Knowledge } from '../../knowledge/load.ts';
import { DELIVERY, type Directory } from '../../knowledge/search/directory.ts';
import type { GuidanceIndex } from '../../knowledge/search/guidance.ts';
import { triage } from '../../knowledge/triage.ts';
import type { Understanding } from '../../knowledge/understand/index.ts';
import { type Logger, errorFields } from '../log.ts';
import { type EventRecorder, ROLES, neverFailing } from '../reports/events.ts';
import { needsNamedIn } from '../reports/needs.ts';
import { BadRequest, jsonHandler, knownLocality, parseOrThrow, queryOf } from './validation.ts';

export interface ApiDeps {
  knowledge: Knowledge;
  directory: Directory;
  guidance: GuidanceIndex;
  understanding: Understanding;
  defaultLocality: string;
  log: Logger;
  /** Resolves when storage answers; rejects when it does not. */
  checkStorage: () => Promise<void>;
  /** Which engine holds the data, for /healthz. */
  databaseEngine: 'sqlite' | 'postgres';
  /** Anonymous counts for the board's reports. */
  events: EventRecorder;
}

const MAX_TEXT = 5000;
const Age = z.number().min(-1, 'must be at least -1 (negative means unborn)').max(25, 'must be 25 or under (early help runs to 25)');
const Locality = z.string().min(1).max(60);

export const TriageBody = z
  .strictObject({
    text: z.string().max(MAX_TEXT, `must be at most ${MAX_TEXT} characters`).optional(),
    age: Age.optional(),
    locality: Locality.optional(),
    answers: z.record(z.string().max(80), z.string().max(80)).optional(),
    indicators: z.array(z.string().max(80)).max(100).optional(),
    /** The practitioner's role, counted (never stored with anything else) in the board's reports. */
    role: z.enum(ROLES, `must be one of: ${ROLES.join(', ')}`).optional(),
  })
  .refine((b) => (b.text !== undefined && b.text.trim() !== '') || b.answers !== undefined || b.indicators !== undefined, {
    message: 'give the concern as text, or structured answers or indicators',
    path: ['text'],
  });

const numberParam = (schema: z.ZodNumber) =>
  z
    .string()
    .trim()
    .regex(/^-?\d+(\.\d+)?$/, 'must be a number')
    .transform(Number)
    .pipe(schema);

export const ServicesQuery = z.strictObject({
  q: z.string().max(1000, 'must be at most 1000 characters').optional(),
  age: numberParam(Age).optional(),
  locality: Locality.optional(),
  level: z.enum(['1', '2', '3', '4'], 'must be 1, 2, 3 or 4').transform(Number).optional(),
  limit: numberParam(z.number().int('must be a whole number').min(1).max(50)).optional(),
  /** A need category code: the pack's "need" terms and its directory.json needs. */
  need: z.string().trim().regex(/^[a-z0-9-]{1,60}$/, 'must be a need code such as "parenting" (lower case letters, digits and hyphens)').optional(),
  free: z.enum(['true', 'false'], 'must be true or false').transform((v) => v === 'true').optional(),
  delivery: z.enum(DELIVERY, `must be one of: ${DELIVERY.join(', ')}`).optional(),
});

export const GuidanceQuery = z.strictObject({
  q: z.string().max(1000, 'must be at most 1000 characters').optional(),
  locality: Locality.optional(),
  limit: numberParam(z.number().int('must be a whole number').min(1).max(50)).optional(),
});

export function registerApi(server: Server, deps: ApiDeps): void {
  const { knowledge, log } = deps;
  const handle = jsonHandler(log);
  const locality = (id: string | undefined) => knownLocality(knowledge, id);

  /** Reports are a by-product: a failure to count must never withhold an answer. */
  const events = neverFailing(deps.events, log);

  server.post('/api/triage', handle('triage', async (req, res) => {
    const body = req.body === undefined || req.body === '' ? undefined : req.body;
    if (body === undefined || typeof body !== 'object' || Array.isArray(body)) {
      throw new BadRequest([{ field: 'body', reason: 'must be a JSON object, sent with Content-Type: application/json' }]);
    }
    const { role, ...input } = parseOrThrow(TriageBody, body, 'body');
    // triage() checks the area itself, with the same 400 as the other endpoints.
    const result = triage(knowledge, input, { defaultLocality: deps.defaultLocality, understanding: deps.understanding });
    // Counted before answering (one statement), so a client that reads the reports next sees it.
    await events.recordOutcome({ locality: result.locality, level: result.level, route: result.route.id, role, channel: 'api' });
    res.send(200, result);
  }));

  server.get('/api/services', handle('services', async (req, res) => {
    const query = parseOrThrow(ServicesQuery, queryOf(req), 'query');
    const area = locality(query.locality);
    const answer = deps.directory.find({ ...query, locality: area, level: query.level as 1 | 2 | 3 | 4 | undefined });
    // A miss is a search for something the directory does not have; a filter-only list is not a search.
    if (answer.match === 'none') await events.recordDirectoryMiss({ locality: area, needs: needsNamedIn(query.q, deps.understanding, knowledge.vocabulary) });
    res.send(200, answer);
  }));

  // The need categories a locality's services offer, for the directory's filter menu.
  server.get('/api/services/filters', handle('service-filters', (req, res) => {
    const query = parseOrThrow(z.strictObject({ locality: Locality.optional() }), queryOf(req), 'query');
    res.send(200, deps.directory.filters(locality(query.locality)));
  }));

  server.get('/api/guidance', handle('guidance', (req, res) => {
    const query = parseOrThrow(GuidanceQuery, queryOf(req), 'query');
    const results = deps.guidance.search({ ...query, q: query.q ?? '', locality: locality(query.locality) });
    res.send(200, { results });
  }));

  server.get('/api/localities', handle('localities', (_req, res) => {
    res.send(200, {
      default: deps.defaultLocality,
      localities: [...knowledge.packs.values()].map((p) => ({
        id: p.id,
        name: p.manifest.name,
        shortName: p.manifest.shortName,
        knowledgeVersion: p.knowledgeVersion,
        levels: p.manifest.levels,
        terminology: p.manifest.terminology,
        documents: p.manifest.documents,
      })),
    });
  }));

  server.get('/healthz', async (_req: Request, res: Response) => {
    const knowledgeVersions = Object.fromEntries([...knowledge.packs.values()].map((p) => [p.id, p.knowledgeVersion]));
    try {
      await deps.checkStorage();
      res.send(200, { status: 'ok', knowledge: knowledgeVersions, storage: 'ok', database: { engine: deps.databaseEngine, status: 'ok' } });
    } catch (err) {
      log.error('health check: storage unreachable', errorFields(err));
      res.send(503, { status: 'unavailable', knowledge: knowledgeVersions, storage: 'unreachable', database: { engine: deps.databaseEngine, status: 'unreachable' } });
    }
  });
}
