// Reads the locality packs and the shared vocabulary from disk, validates every file, checks the
// references between files, and returns frozen data. This and local-contacts.ts (the council's
// own contact details, applied after load) are the only I/O in knowledge/: after load everything
// is pure and synchronous.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import {
  type Contact,
  type DecisionTree,
  type Passage,
  type PackManifest,
  type Route,
  type DirectorySettings,
  type Scenario,
  type Service,
  type SharedVocabulary,
  PackFiles,
  SharedFiles,
} from './schema.ts';
import { scenarioDrift } from './practice.ts';
import { type Seeds, collectQuoteProblems, collectReferenceProblems, collectVocabularyProblems } from './references.ts';
import { indexSeed } from './seed-text.ts';

export const DEFAULT_KNOWLEDGE_DIR = fileURLToPath(new URL('.', import.meta.url));
/**
 * The seed documents every quote is checked against: SEEDS_DIR, else the shared folder beside the
 * checkout (as in CI and on a developer's machine). A deployment without them still loads, having
 * been checked before it shipped; `npm run knowledge:check` insists on them.
 */
export function defaultSeedsDir(): string {
  return process.env.SEEDS_DIR ?? join(process.env.SHARED_DIR ?? fileURLToPath(new URL('../../shared', import.meta.url)), 'seeds');
}

export interface LoadOptions {
  /** Where the seed documents are; quotes are checked against them when the folder exists. */
  seedsDir?: string;
  /** Fail when the seed documents are missing, instead of skipping the quote check. */
  requireSeeds?: boolean;
}

/** Every `*.txt` seed in `dir`, indexed; undefined when the folder does not exist. */
export function readSeeds(dir: string): Seeds | undefined {
  if (!existsSync(dir)) return undefined;
  return new Map(
    readdirSync(dir)
      .filter((f) => f.endsWith('.txt'))
      .map((f) => [f, indexSeed(readFileSync(join(dir, f), 'utf8'))] as const),
  );
}

/** A pack's contact; `setLocally` when the council completed it in its local contacts file. */
export type PackContact = Contact & { readonly setLocally?: { readonly by: string; readonly on: string } };

export interface LoadedPack {
  readonly id: string;
  readonly manifest: PackManifest;
  readonly contacts: readonly PackContact[];
  readonly routes: readonly Route[];
  readonly decision: DecisionTree;
  readonly services: readonly Service[];
  readonly guidance: readonly Passage[];
  readonly scenarios: readonly Scenario[];
  /** How services imported from the council's feed are read (directory.json). */
  readonly directory: DirectorySettings;
  /** Content hash of the pack's files and the shared vocabulary: recorded with every outcome. */
  readonly knowledgeVersion: string;
}

export interface Knowledge {
  readonly packs: ReadonlyMap<string, LoadedPack>;
  readonly vocabulary: SharedVocabulary;
}

export interface KnowledgeProblem {
  file: string;
  path: string;
  reason: string;
}

export class KnowledgeError extends Error {
  readonly problems: KnowledgeProblem[];
  constructor(problems: KnowledgeProblem[]) {
    super(`The knowledge packs have ${problems.length} problem(s):\n${formatProblems(problems)}`);
    this.name = 'KnowledgeError';
    this.problems = problems;
  }
}

export function formatProblems(problems: readonly KnowledgeProblem[]): string {
  return problems.map((p) => `  ${p.file} ${p.path || '(root)'}: ${p.reason}`).join('\n');
}

/** JSON path in the `$.a[0].b` style used in every problem we print. */
export function jsonPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : `${acc}.${String(key)}`), '$');
}

const OPTIONAL_FILES = new Set(['scenarios.json']);

/**
 * Load and validate everything under `dir` (knowledge/ by default). Returns every problem at once
 * rather than stopping at the first, so a council fixing its pack sees the whole list.
 */
export function loadKnowledge(dir: string = DEFAULT_KNOWLEDGE_DIR, options: LoadOptions = {}): Knowledge {
  const problems: KnowledgeProblem[] = [];
  const show = (file: string) => relative(process.cwd(), file) || file;
  const seedsDir = options.seedsDir ?? defaultSeedsDir();
  const seeds = readSeeds(seedsDir);
  if (!seeds && options.requireSeeds) {
    problems.push({ file: show(seedsDir), path: '', reason: 'the seed documents are not there, so no quote can be checked: set SEEDS_DIR' });
  }

  function readValidated<S extends z.ZodType>(file: string, schema: S, optional = false): { data?: z.infer<S>; raw: string } {
    if (!existsSync(file)) {
      if (optional) return { data: schema.parse(undefined) as z.infer<S>, raw: '' };
      problems.push({ file: show(file), path: '', reason: 'file is missing' });
      return { raw: '' };
    }
    const raw = readFileSync(file, 'utf8');
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (err) {
      problems.push({ file: show(file), path: '', reason: `not valid JSON: ${(err as Error).message}` });
      return { raw };
    }
    const result = schema.safeParse(json);
    if (!result.success) {
      for (const issue of result.error.issues) {
        problems.push({ file: show(file), path: jsonPath(issue.path), reason: issue.message });
      }
      return { raw };
    }
    problems.push(...collectQuoteProblems(show(file), json, seeds));
    return { data: result.data, raw };
  }

  const sharedDir = join(dir, 'shared');
  const sharedHash = createHash('sha256');
  const shared: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(SharedFiles)) {
    const { data, raw } = readValidated(join(sharedDir, name), schema);
    sharedHash.update(name).update('\0').update(raw).update('\0');
    shared[name] = data;
  }
  const vocabulary: SharedVocabulary | undefined = Object.values(shared).every((v) => v !== undefined)
    ? {
        indicators: shared['indicators.json'] as SharedVocabulary['indicators'],
        language: shared['language.json'] as SharedVocabulary['language'],
        synonyms: shared['synonyms.json'] as SharedVocabulary['synonyms'],
        national: shared['national.json'] as SharedVocabulary['national'],
        frames: shared['frames.json'] as SharedVocabulary['frames'],
        lexicon: shared['lexicon.json'] as SharedVocabulary['lexicon'],
      }
    : undefined;
  const sharedDigest = sharedHash.digest('hex');
  const localitiesDir = join(dir, 'localities');
  const ids = existsSync(localitiesDir)
    ? readdirSync(localitiesDir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort()
    : [];
  if (ids.length === 0) problems.push({ file: show(localitiesDir), path: '', reason: 'no locality packs found' });

  const packs = new Map<string, LoadedPack>();
  for (const id of ids) {
    const packDir = join(localitiesDir, id);
    const hash = createHash('sha256').update(sharedDigest);
    const parts: Record<string, unknown> = {};
    let complete = true;
    for (const [name, schema] of Object.entries(PackFiles)) {
      const { data, raw } = readValidated(join(packDir, name), schema, OPTIONAL_FILES.has(name));
      hash.update(name).update('\0').update(raw).update('\0');
      if (data === undefined) complete = false;
      parts[name] = data;
    }
    if (!complete || !vocabulary) continue;
    const pack: LoadedPack = {
      id,
      manifest: parts['pack.json'] as PackManifest,
      contacts: parts['contacts.json'] as Contact[],
      routes: parts['routes.json'] as Route[],
      decision: parts['decision.json'] as DecisionTree,
      services: parts['services.json'] as Service[],
      guidance: parts['guidance.json'] as Passage[],
      scenarios: parts['scenarios.json'] as Scenario[],
      directory: parts['directory.json'] as DirectorySettings,
      knowledgeVersion: `${id}-${hash.digest('hex').slice(0, 12)}`,
    };
    if (pack.manifest.id !== id) {
      problems.push({ file: show(join(packDir, 'pack.json')), path: '$.id', reason: `must equal the folder name "${id}"` });
    }
    const referenceProblems = collectReferenceProblems(pack, vocabulary);
    for (const p of referenceProblems) {
      problems.push({ ...p, file: show(join(packDir, p.file)) });
    }
    // A practice case must teach what the rules really do: after an edit to decision.json a
    // scenario whose expected level no longer matches is a problem, not a quiet wrong answer.
    if (referenceProblems.length === 0) {
      for (const d of scenarioDrift(pack, vocabulary)) {
        problems.push({
          file: show(join(packDir, 'scenarios.json')),
          path: `$[${d.index}].expectedLevel`,
          reason: `scenario "${d.id}" expects level ${d.expected} but the decision rules give level ${d.actual}`,
        });
      }
    }
    packs.set(id, deepFreeze(pack));
  }

  if (vocabulary) {
    const documents = new Set([...packs.values()].flatMap((p) => p.manifest.documents.map((d) => d.file)));
    for (const p of collectVocabularyProblems(vocabulary, documents)) problems.push({ ...p, file: show(join(sharedDir, p.file)) });
  }

  if (problems.length > 0 || !vocabulary) throw new KnowledgeError(problems);
  return { packs, vocabulary: deepFreeze(vocabulary) };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
