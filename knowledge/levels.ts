// The levels explorer: an area's four levels with their local names, meanings and routes, and the
// shared indicators grouped by level and domain, each with its source and the related indicators
// one level up or down (the same need, more or less serious). Pure: built from loaded knowledge.
import { type CitedSource, citeSource } from './decide.ts';
import type { Knowledge, LoadedPack } from './load.ts';
import { levelLabel } from './practice.ts';
import type { Domain, Indicator, Level, Source } from './schema.ts';

/** The four domains of the assessment triangle (plus harm outside the home), in plain words. */
export const DOMAIN_NAMES: Readonly<Record<Domain, string>> = {
  'child-development': "The child's development",
  'parenting-capacity': 'Parenting capacity',
  'family-environment': 'Family and environment',
  'harm-outside-home': 'Harm outside the home',
};

export interface RelatedIndicator {
  id: string;
  label: string;
  level: Level;
}

export interface ExplorerIndicator {
  id: string;
  label: string;
  domain: Domain;
  level: Level;
  harm: boolean;
  /** Words practitioners use for it. */
  terms: string[];
  /** The seed words behind its level; absent when the level is a local choice (then `localChoice` says why). */
  source?: CitedSource;
  localChoice?: string;
  related: RelatedIndicator[];
}

export interface ExplorerLevel {
  level: Level;
  label: string;
  meaning: string;
  source: CitedSource;
  routes: { id: string; title: string; summary: string; consentRequired: boolean; source: CitedSource }[];
  domains: { id: Domain; name: string; indicators: ExplorerIndicator[] }[];
}

export interface LevelsExplorer {
  locality: string;
  localityName: string;
  knowledgeVersion: string;
  domains: { id: Domain; name: string }[];
  levels: ExplorerLevel[];
  terminology: { id: string; term: string; abbreviation?: string; meaning: string; alsoKnownAs: string[]; source: CitedSource }[];
}

export function levelsExplorer(knowledge: Knowledge, pack: LoadedPack): LevelsExplorer {
  const indicators = knowledge.vocabulary.indicators;
  // Shared indicators may cite the other area's documents: cite from whichever pack lists the file.
  const cite = (source: Source): CitedSource => {
    const owner = [pack, ...knowledge.packs.values()].find((p) => p.manifest.documents.some((d) => d.file === source.file)) ?? pack;
    return citeSource(owner, source);
  };
  const related = (ind: Indicator): RelatedIndicator[] =>
    indicators
      .filter((o) => o.id !== ind.id && o.need === ind.need && Math.abs(o.level - ind.level) === 1)
      .map((o) => ({ id: o.id, label: o.label, level: o.level }));
  const domainIds = Object.keys(DOMAIN_NAMES) as Domain[];

  return {
    locality: pack.id,
    localityName: pack.manifest.name,
    knowledgeVersion: pack.knowledgeVersion,
    domains: domainIds.map((id) => ({ id, name: DOMAIN_NAMES[id] })),
    levels: [...pack.manifest.levels]
      .sort((a, b) => a.level - b.level)
      .map((l) => ({
        level: l.level,
        label: levelLabel(l.level, l.name),
        meaning: l.meaning,
        source: cite(l.source),
        routes: pack.routes
          .filter((r) => r.level === l.level)
          .map((r) => ({ id: r.id, title: r.title, summary: r.summary, consentRequired: r.consentRequired, source: cite(r.source) })),
        domains: domainIds
          .map((d) => ({
            id: d,
            name: DOMAIN_NAMES[d],
            indicators: indicators
              .filter((i) => i.level === l.level && i.domain === d)
              .map((i) => ({
                id: i.id,
                label: i.label,
                domain: i.domain,
                level: i.level,
                harm: i.harm,
                terms: [...i.terms],
                ...(i.source ? { source: cite(i.source) } : { localChoice: i.localChoice }),
                related: related(i),
              })),
          }))
          .filter((d) => d.indicators.length > 0),
      })),
    terminology: pack.manifest.terminology.map((t) => ({
      id: t.id,
      term: t.term,
      ...(t.abbreviation ? { abbreviation: t.abbreviation } : {}),
      meaning: t.meaning,
      alsoKnownAs: [...t.alsoKnownAs],
      source: cite(t.source),
    })),
  };
}
