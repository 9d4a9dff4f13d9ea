// The JSON endpoints behind the Teams tab's pages: the levels explorer, practice cases and their
// marking, and reports of a problem with a directory entry. Validated like api.ts: a bad request
// gets 400 naming the field and the reason.
import type { Server } from 'restify';
import { z } from 'zod';
import { levelsExplorer } from '../../knowledge/levels.ts';
import type { Knowledge, LoadedPack } from '../../knowledge/load.ts';
import { checkAnswer, practiceSet } from '../../knowledge/practice.ts';
import type { Logger } from '../log.ts';
import { PROBLEM_KINDS, type ServiceProblemStore } from '../storage/service-problems.ts';
import { BadRequest, jsonHandler, knownLocality, parseOrThrow, queryOf } from './validation.ts';

export interface TabApiDeps {
  knowledge: Knowledge;
  defaultLocality: string;
  log: Logger;
  serviceProblems: ServiceProblemStore;
}

const Locality = z.string().min(1).max(60);
const LocalityQuery = z.strictObject({ locality: Locality.optional() });

export const PracticeBody = z.strictObject({
  locality: Locality.optional(),
  scenario: z.string().min(1).max(80),
  level: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)], { error: 'must be 1, 2, 3 or 4' }),
});

export const ServiceProblemBody = z.strictObject({
  locality: Locality,
  service: z.string().min(1).max(80),
  kind: z.enum(PROBLEM_KINDS, `must be one of: ${PROBLEM_KINDS.join(', ')}`),
  details: z.string().trim().max(1000, 'must be at most 1000 characters').default(''),
});

function jsonBody(body: unknown): object {
  if (body === undefined || body === '' || typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new BadRequest([{ field: 'body', reason: 'must be a JSON object, sent with Content-Type: application/json' }]);
  }
  return body;
}

export function registerTabApi(server: Server, deps: TabApiDeps): void {
  const { knowledge, log } = deps;
  const handle = jsonHandler(log);
  const packFor = (id: string | undefined, field = 'locality'): LoadedPack => knowledge.packs.get(knownLocality(knowledge, id, field) ?? deps.defaultLocality)!;

  server.get('/api/levels', handle('levels', (req, res) => {
    const query = parseOrThrow(LocalityQuery, queryOf(req), 'query');
    res.send(200, levelsExplorer(knowledge, packFor(query.locality)));
  }));

  server.get('/api/scenarios', handle('scenarios', (req, res) => {
    const query = parseOrThrow(LocalityQuery, queryOf(req), 'query');
    res.send(200, practiceSet(packFor(query.locality)));
  }));

  server.post('/api/practice', handle('practice', (req, res) => {
    const input = parseOrThrow(PracticeBody, jsonBody(req.body), 'body');
    const pack = packFor(input.locality, 'body.locality');
    if (!pack.scenarios.some((s) => s.id === input.scenario)) {
      throw new BadRequest([{ field: 'body.scenario', reason: `unknown practice case for ${pack.id}; known: ${pack.scenarios.map((s) => s.id).join(', ')}` }]);
    }
    res.send(200, checkAnswer(pack, knowledge.vocabulary, input.scenario, input.level));
  }));

  server.post('/api/service-problems', handle('service-problems', async (req, res) => {
    const input = parseOrThrow(ServiceProblemBody, jsonBody(req.body), 'body');
    const pack = packFor(input.locality, 'body.locality');
    const service = pack.services.find((s) => s.id === input.service);
    if (!service) throw new BadRequest([{ field: 'body.service', reason: `no service "${input.service}" in the ${pack.id} directory` }]);
    const reference = await deps.serviceProblems.add({ locality: pack.id, serviceId: service.id, serviceName: service.name, kind: input.kind, details: input.details });
    log.info('service problem reported', { reference, locality: pack.id, service: service.id, kind: input.kind });
    res.send(201, { reference, message: `Thank you. The council will check this entry. Your reference is ${reference}.` });
  }));
}
