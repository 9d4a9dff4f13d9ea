// The duty summary: one model, rendered three ways (cards/handoff/). Every field a practitioner
// gives is optional here because an absent field is shown as "not known": nothing is guessed or
// filled in by default. What comes from the decision (level, reasons with sources, indicators with
// their evidence) is copied in at the time of the handoff so the record stays true to what the
// practitioner was told, whatever later changes to the knowledge packs.
//
// This module is plain data and zod, in knowledge/ so that both bot/ (which stores and sends it)
// and cards/ (which renders it) import it without cards/ depending on bot/ (test/layers.test.ts).
import { z } from 'zod';
import { REFERENCE_PATTERN } from './reference.ts';

export const NOT_KNOWN = 'not known';

/** What the duty team can record as the outcome of a handoff (labels: cards/handoff/view.ts OUTCOME_LABELS). */
export const OUTCOME_VALUES = ['accepted-for-assessment', 'no-further-action', 'stepped-down-to-early-help'] as const;
export type OutcomeValue = (typeof OUTCOME_VALUES)[number];

/** Free text as the practitioner gave it: trimmed, bounded, never empty. */
const Said = (max: number) => z.string().trim().min(1).max(max);

export const YesNoUnsure = z.enum(['yes', 'no', 'unsure']);
export type YesNoUnsure = z.infer<typeof YesNoUnsure>;

export const DslTold = z.enum(['yes', 'no', 'referrer-is-dsl']);
export const Consent = z.enum(['yes', 'no', 'not-asked']);

export const CitedSource = z.object({
  file: z.string(),
  section: z.string(),
  documentTitle: z.string(),
  documentDate: z.string().optional(),
});

export const SummaryIndicator = z.object({
  id: z.string(),
  label: z.string(),
  evidence: z.string(),
  /** present, or uncertain / negated where the practitioner's words hedged or denied it. */
  status: z.enum(['present', 'uncertain', 'negated']),
  harm: z.boolean(),
});

export const Summary = z.object({
  reference: z.string().regex(REFERENCE_PATTERN),
  createdAt: z.iso.datetime(),
  locality: z.object({ id: z.string(), name: z.string() }),
  knowledgeVersion: z.string(),
  referrer: z.object({
    /** From Teams where Teams gives it, otherwise asked. */
    name: Said(120).optional(),
    role: Said(120).optional(),
    agency: Said(160).optional(),
    phone: Said(80).optional(),
  }),
  dslTold: DslTold.optional(),
  immediateDanger: YesNoUnsure.optional(),
  whereNow: Said(300).optional(),
  child: z.object({
    name: Said(60).optional(),
    ageOrDate: Said(60).optional(),
    setting: Said(160).optional(),
    /** Only when the practitioner offered it: never asked for in the sequence. */
    address: Said(300).optional(),
  }),
  household: Said(1000).optional(),
  parentalResponsibility: Said(300).optional(),
  concern: Said(5000).optional(),
  childWords: Said(2000).optional(),
  indicators: z.array(SummaryIndicator),
  level: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
  levelName: z.string(),
  reasons: z.array(z.object({ text: z.string(), source: CitedSource })),
  done: Said(2000).optional(),
  otherAgencies: Said(1000).optional(),
  parentAware: YesNoUnsure.optional(),
  consent: Consent.optional(),
  consentWhyNot: Said(1000).optional(),
  /** False at level 4: consent is not a condition of referring when a child may be at risk of significant harm. */
  consentNeeded: z.boolean(),
});
export type Summary = z.infer<typeof Summary>;

/** Everything but the reference and time, which are fixed at the moment the handoff is stored. */
export type SummaryDraft = Omit<Summary, 'reference' | 'createdAt'>;
