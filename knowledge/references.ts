// Checks that go beyond one file's schema: every id a pack refers to exists, every answer a rule
// tests is an option its question offers, every cited document is one the pack lists, every quote
// is in the section it cites, and no wording meant for the team reaches a user.
import type { KnowledgeProblem, LoadedPack } from './load.ts';
import type { Condition, SharedVocabulary, Source } from './schema.ts';
import { type SeedIndex, quoteProblem } from './seed-text.ts';

/** The seed documents by file name, indexed; absent when they are not on this machine. */
export type Seeds = ReadonlyMap<string, SeedIndex>;

// Words for the team, not for a practitioner: a seed's number or file name, "seed 001 says".
const TEAM_WORDING = /\bseeds?\b|\b\d{3}_[0-9a-f]{16}\b|\.txt\b/i;
// Keys whose values are citations or identifiers, never shown as prose.
const NOT_PROSE = new Set(['file', 'section', 'quote', 'id', 'need', 'route', 'param', 'answer', 'contact_ref', 'code']);

/**
 * Every quote in a file, checked against the section it cites. A `source` carries its own quote; a
 * statement's bare `quote` (a route step, a rule's action) rests on its parent's source.
 */
export function collectQuoteProblems(file: string, data: unknown, seeds: Seeds | undefined): KnowledgeProblem[] {
  const problems: KnowledgeProblem[] = [];
  const check = (path: string, source: Source, quote: Source['quote']) => {
    const seed = seeds?.get(source.file);
    if (!seeds) return;
    if (!seed) return void problems.push({ file, path, reason: `seed document "${source.file}" was not found` });
    const why = quoteProblem(seed, source.section, quote);
    if (why) problems.push({ file, path, reason: `${why} of ${source.file}` });
  };
  const walk = (value: unknown, path: string, parent: Source | undefined, key: string): void => {
    if (typeof value === 'string') {
      if (!NOT_PROSE.has(key) && !path.includes('.documents[') && TEAM_WORDING.test(value)) {
        problems.push({ file, path, reason: `wording meant for the team ("${value.match(TEAM_WORDING)![0]}") would reach a user: say it as the user should read it` });
      }
      return;
    }
    if (Array.isArray(value)) return value.forEach((v, i) => walk(v, `${path}[${i}]`, parent, key));
    if (!value || typeof value !== 'object') return;
    const obj = value as Record<string, unknown>;
    const own = obj.source as Source | undefined;
    if (own && typeof own === 'object' && 'file' in own) check(`${path}.source.quote`, own, own.quote);
    else if (obj.quote !== undefined && parent && !('file' in obj)) check(`${path}.quote`, parent, obj.quote as Source['quote']);
    for (const [k, v] of Object.entries(obj)) {
      if (k === 'source') continue;
      walk(v, `${path}.${k}`, own && 'file' in own ? own : parent, k);
    }
  };
  walk(data, '$', undefined, '');
  return problems;
}

export function collectReferenceProblems(pack: LoadedPack, vocab: SharedVocabulary): KnowledgeProblem[] {
  const problems: KnowledgeProblem[] = [];
  const add = (file: string, path: string, reason: string) => problems.push({ file, path, reason });

  const documents = new Set(pack.manifest.documents.map((d) => d.file));
  const checkSource = (file: string, path: string, source: Source | undefined) => {
    if (source && !documents.has(source.file)) add(file, `${path}.source.file`, `"${source.file}" is not among the documents listed in pack.json`);
  };
  const duplicates = (file: string, what: string, ids: string[]) => {
    const seen = new Set<string>();
    ids.forEach((id, i) => {
      if (seen.has(id)) add(file, `$[${i}].id`, `duplicate ${what} id "${id}"`);
      seen.add(id);
    });
  };

  // pack.json
  const levels = pack.manifest.levels.map((l) => l.level).sort();
  if (levels.join() !== '1,2,3,4') add('pack.json', '$.levels', 'must define each of levels 1, 2, 3 and 4 once');
  pack.manifest.levels.forEach((l, i) => checkSource('pack.json', `$.levels[${i}]`, l.source));
  pack.manifest.terminology.forEach((t, i) => checkSource('pack.json', `$.terminology[${i}]`, t.source));
  for (const [name, p] of Object.entries(pack.manifest.parameters)) checkSource('pack.json', `$.parameters.${name}`, p.source);

  // contacts.json
  const contactIds = new Set(pack.contacts.map((c) => c.id));
  duplicates('contacts.json', 'contact', pack.contacts.map((c) => c.id));
  pack.contacts.forEach((c, i) => checkSource('contacts.json', `$[${i}]`, c.source));

  // routes.json
  const routeIds = new Set(pack.routes.map((r) => r.id));
  duplicates('routes.json', 'route', pack.routes.map((r) => r.id));
  pack.routes.forEach((r, i) => {
    checkSource('routes.json', `$[${i}]`, r.source);
    r.steps.forEach((st, j) => checkSource('routes.json', `$[${i}].steps[${j}]`, st.source));
    r.contacts.forEach((c, j) => {
      if (!contactIds.has(c)) add('routes.json', `$[${i}].contacts[${j}]`, `unknown contact "${c}"`);
    });
  });
  for (const level of [1, 2, 3, 4]) {
    if (!pack.routes.some((r) => r.level === level)) add('routes.json', '$', `no route for level ${level}`);
  }

  // decision.json
  const tree = pack.decision;
  const questions = new Map(tree.questions.map((q) => [q.id, q]));
  const indicatorIds = new Set(vocab.indicators.map((ind) => ind.id));
  const params = pack.manifest.parameters;
  duplicates('decision.json', 'question', tree.questions.map((q) => q.id));
  duplicates('decision.json', 'rule', tree.rules.map((r) => r.id));
  if (!routeIds.has(tree.defaultRoute)) add('decision.json', '$.defaultRoute', `unknown route "${tree.defaultRoute}"`);
  else if (pack.routes.find((r) => r.id === tree.defaultRoute)?.level !== 1) add('decision.json', '$.defaultRoute', 'the default route must be a level 1 route');

  const checkCondition = (path: string, c: Condition, outcomeAllowed = true): void => {
    if ('all' in c) return c.all.forEach((sub, i) => checkCondition(`${path}.all[${i}]`, sub, outcomeAllowed));
    if ('any' in c) return c.any.forEach((sub, i) => checkCondition(`${path}.any[${i}]`, sub, outcomeAllowed));
    if ('outcome' in c) {
      if (!outcomeAllowed) add('decision.json', `${path}.outcome`, 'a rule that sets a level cannot depend on the outcome level');
      return;
    }
    if ('answer' in c) {
      const q = questions.get(c.answer);
      if (!q) return void add('decision.json', `${path}.answer`, `unknown question "${c.answer}"`);
      const values = 'is' in c ? [c.is] : 'in' in c ? c.in : [];
      for (const v of values) {
        if (!q.options.some((o) => o.value === v)) add('decision.json', path, `question "${q.id}" has no option "${v}"`);
      }
      return;
    }
    if ('fact' in c) {
      for (const bound of [c.gte, c.lt]) {
        if (bound && typeof bound === 'object' && !(bound.param in params)) add('decision.json', path, `unknown parameter "${bound.param}"`);
      }
      return;
    }
    if (c.indicator.id && !indicatorIds.has(c.indicator.id)) add('decision.json', `${path}.indicator.id`, `unknown indicator "${c.indicator.id}"`);
  };

  tree.questions.forEach((q, i) => {
    checkSource('decision.json', `$.questions[${i}]`, q.source);
    if (q.askWhen) checkCondition(`$.questions[${i}].askWhen`, q.askWhen);
  });
  tree.rules.forEach((r, i) => {
    const path = `$.rules[${i}]`;
    checkSource('decision.json', path, r.source);
    checkSource('decision.json', `${path}.action`, r.action?.source);
    checkCondition(`${path}.when`, r.when, r.level === undefined);
    if (r.route && !routeIds.has(r.route)) add('decision.json', `${path}.route`, `unknown route "${r.route}"`);
    const route = pack.routes.find((x) => x.id === r.route);
    if (route && r.level !== undefined && route.level !== r.level) {
      add('decision.json', `${path}.route`, `route "${route.id}" is for level ${route.level}, but the rule sets level ${r.level}`);
    }
    if (r.level === undefined && r.route) add('decision.json', `${path}.route`, 'an advisory rule (no level) cannot choose a route');
    if (r.unless) {
      // A presumption set aside by the practitioner's answer: never for harm, never at level 4,
      // and only answers may set it aside (free text can propose, never hide).
      checkCondition(`${path}.unless`, r.unless, false);
      if (r.harm || r.level === undefined || r.level === 4) add('decision.json', `${path}.unless`, 'only a level-setting rule below level 4 that is not harm may have unless');
      if (!onlyAnswers(r.unless)) add('decision.json', `${path}.unless`, 'unless may test only the practitioner\'s answers');
    }
    if (r.level !== undefined && r.onlyBelowLevel !== undefined) add('decision.json', `${path}.onlyBelowLevel`, 'only advisory rules (no level) take onlyBelowLevel');
    r.contacts.forEach((c, j) => {
      if (!contactIds.has(c)) add('decision.json', `${path}.contacts[${j}]`, `unknown contact "${c}"`);
    });
  });
  if (!tree.questions.some((q) => q.harmScreen)) add('decision.json', '$.questions', 'at least one harm-screen question is required');

  // services.json
  duplicates('services.json', 'service', pack.services.map((s) => s.id));
  pack.services.forEach((s, i) => {
    checkSource('services.json', `$[${i}]`, s.source);
    s.contacts.forEach((c, j) => {
      if (c.contact_ref && !contactIds.has(c.contact_ref)) add('services.json', `$[${i}].contacts[${j}].contact_ref`, `unknown contact "${c.contact_ref}"`);
    });
  });

  // directory.json
  checkSource('directory.json', '$.noMatch', pack.directory.noMatch.source);
  pack.directory.noMatch.contacts.forEach((c, j) => {
    if (!contactIds.has(c)) add('directory.json', `$.noMatch.contacts[${j}]`, `unknown contact "${c}"`);
  });

  // guidance.json, scenarios.json
  duplicates('guidance.json', 'passage', pack.guidance.map((p) => p.id));
  pack.guidance.forEach((p, i) => checkSource('guidance.json', `$[${i}]`, p.source));
  duplicates('scenarios.json', 'scenario', pack.scenarios.map((s) => s.id));
  pack.scenarios.forEach((s, i) => {
    checkSource('scenarios.json', `$[${i}]`, s.source);
    s.indicators.forEach((id, j) => {
      if (!indicatorIds.has(id)) add('scenarios.json', `$[${i}].indicators[${j}]`, `unknown indicator "${id}"`);
    });
    for (const [q, v] of Object.entries(s.answers)) {
      const question = questions.get(q);
      if (!question) add('scenarios.json', `$[${i}].answers.${q}`, `unknown question "${q}"`);
      else if (!question.options.some((o) => o.value === v)) add('scenarios.json', `$[${i}].answers.${q}`, `question "${q}" has no option "${v}"`);
    }
  });

  return problems;
}

/** Problems in the shared vocabulary that no schema can see: duplicate ids, unknown documents. */
export function collectVocabularyProblems(vocab: SharedVocabulary, documents: ReadonlySet<string>): KnowledgeProblem[] {
  const problems: KnowledgeProblem[] = [];
  const seen = new Set<string>();
  const ids = new Set(vocab.indicators.map((i) => i.id));
  vocab.indicators.forEach((ind, i) => {
    const path = `$[${i}]`;
    for (const key of ['whenAboutParent', 'whenAboutChild', 'historicBecomes'] as const) {
      const target = ind[key];
      if (target && !ids.has(target)) problems.push({ file: 'indicators.json', path: `${path}.${key}`, reason: `unknown indicator "${target}"` });
    }
    if (seen.has(ind.id)) problems.push({ file: 'indicators.json', path: `${path}.id`, reason: `duplicate indicator id "${ind.id}"` });
    seen.add(ind.id);
    if (ind.source && !documents.has(ind.source.file)) {
      problems.push({ file: 'indicators.json', path: `${path}.source.file`, reason: `"${ind.source.file}" is not among the documents any pack lists` });
    }
  });
  const classes = new Set(Object.keys(vocab.frames.classes));
  vocab.frames.frames.forEach((f, i) => {
    const path = `$.frames[${i}]`;
    if (!ids.has(f.indicator)) problems.push({ file: 'frames.json', path: `${path}.indicator`, reason: `unknown indicator "${f.indicator}"` });
    const named = [...f.context, ...f.slots.flatMap((s) => [s.class, ...s.blockedBy, ...s.notFollowedBy])];
    for (const c of named) if (!classes.has(c)) problems.push({ file: 'frames.json', path, reason: `unknown word class "${c}"` });
  });
  vocab.lexicon.forEach((src, i) =>
    src.entries.forEach((e, j) => {
      if (!ids.has(e.indicator)) problems.push({ file: 'lexicon.json', path: `$[${i}].entries[${j}].indicator`, reason: `unknown indicator "${e.indicator}"` });
    }),
  );
  if (!ids.has(vocab.language.ageGap.indicator)) {
    problems.push({ file: 'language.json', path: '$.ageGap.indicator', reason: `unknown indicator "${vocab.language.ageGap.indicator}"` });
  }
  return problems;
}

function onlyAnswers(c: Condition): boolean {
  if ('all' in c) return c.all.every(onlyAnswers);
  if ('any' in c) return c.any.every(onlyAnswers);
  return 'answer' in c;
}
