// What the summary already knows before its first question: what the channel says (Teams gives a
// name), what the consultation was told (the role and workplace the practitioner introduced
// themselves with, their answer about immediate danger, whether the family is open to early help
// or social care, the child's age) and what the concern's own words state plainly ("I have told
// the DSL", "she said 'he hits me'"). Only what is stated: nothing is inferred, and a child's name
// is never taken from the text (the practitioner gives it, or initials, when asked). Every value
// is shown on check your answers as "from what you told me earlier", where it can be changed.
import type { TriageResult } from '../../knowledge/triage.ts';
import type { FieldId } from './questions.ts';

export interface PrefillSource {
  triage: TriageResult;
  /** The concern as the practitioner typed it in the consultation. */
  concern?: string;
  /** The practitioner's role, as they stated it ("GP", "designated safeguarding lead"). */
  role?: string;
  /** Where they work, as they stated it ("Oldfield Primary"). */
  agency?: string;
  /** The consultation's answers by question id (the pack's decision questions). */
  answers?: Readonly<Record<string, string>>;
  /** The practitioner's name as the channel gives it (Teams). */
  userName?: string;
}

const DSL = String.raw`(?:dsl|designated safeguarding lead|deputy dsl|safeguarding lead)`;
const TOLD = String.raw`(?:told|informed|spoken to|spoke to|talked to|talked with|spoken with|let|alerted|passed (?:it|this) (?:on )?to)`;
const NOT = String.raw`(?:not|n't|nt|never|yet to)`;

/** Whether the concern states that the safeguarding lead knows, or that the writer is the lead. */
export function dslToldIn(text: string): 'yes' | 'no' | 'referrer-is-dsl' | undefined {
  const t = text.toLowerCase().replace(/[’]/g, "'");
  if (new RegExp(String.raw`\b(?:i am|i'm|im|as)\s+(?:the|a|our|the school's)\s+${DSL}\b`).test(t)) return 'referrer-is-dsl';
  if (new RegExp(String.raw`\b(?:have|has|did|haven't|hasn't|didn't)?\s*${NOT}\s+(?:yet\s+)?(?:been\s+)?${TOLD}\s+(?:the|our|my)\s+${DSL}\b`).test(t)) return 'no';
  if (new RegExp(String.raw`\b${DSL}\s+(?:has|have|was|is)\s+${NOT}`).test(t)) return 'no';
  if (new RegExp(String.raw`\b(?:i|we)(?:\s+have|'ve|\s+ve|\s+had)?\s+(?:already\s+)?${TOLD}\s+(?:the|our|my)\s+${DSL}\b`).test(t)) return 'yes';
  if (new RegExp(String.raw`\b(?:the|our|my)\s+${DSL}\s+(?:has been|have been|was|is|knows|already knows|is aware)\b(?:\s+(?:told|informed|aware))?`).test(t)) return 'yes';
  return undefined;
}

/** The child's words when the concern quotes them: said "...", or told me '...'. */
export function childWordsIn(text: string): string | undefined {
  const m = /\b(?:said|says|told me|told us|told her teacher|told his teacher|disclosed|asked me)[,:]?\s*(["“‘'])([^"”’]{3,300})["”’]/i.exec(text);
  if (!m) return undefined;
  // A single quote is only a quotation when it is closed by one, not an apostrophe in the sentence.
  return `"${m[2]!.trim()}"`;
}

/** An age the practitioner gave, in words; nothing for an unborn baby (the due date is asked). */
export function describeAge(age: number | undefined): string | undefined {
  if (age === undefined || age < 0) return undefined;
  if (age < 2) {
    const months = Math.round(age * 12);
    return `${months} month${months === 1 ? '' : 's'}`;
  }
  return `${Math.floor(age)} years`;
}

const OPEN_CASE: Record<string, string> = {
  'social-care': 'Already open to children’s social care (your answer in the consultation)',
  'early-help': 'Already supported through early help (your answer in the consultation)',
};

/** The fields the summary can fill in from what it was told, in question order; each still to be checked by its question's schema. */
export function prefillFrom(s: PrefillSource): [FieldId, string][] {
  const out: [FieldId, string][] = [];
  const put = (field: FieldId, value: string | undefined) => {
    if (value !== undefined && value.trim() !== '') out.push([field, value.trim()]);
  };
  const concern = s.concern ?? '';
  // Immediate danger: the practitioner's own answer, or "yes" when the concern says so; the
  // reader's "no" is not enough to skip the question (uncertainty about harm resolves upward).
  const danger = s.answers?.['immediate-danger'] ?? (s.triage.answersFromText?.['immediate-danger'] === 'yes' ? 'yes' : undefined);
  if (danger === 'yes' || danger === 'no' || danger === 'unsure') put('immediateDanger', danger);
  const fromText = s.triage.ageFromText;
  // The age in the practitioner's own words ("yr 3", "8 year old") where the text gave it.
  put('childAge', fromText && !fromText.unborn && s.triage.age === fromText.years ? fromText.evidence : describeAge(s.triage.age));
  put('concern', s.concern);
  put('childWords', childWordsIn(concern));
  const dsl = s.role === 'designated safeguarding lead' ? 'referrer-is-dsl' : dslToldIn(concern);
  put('dslTold', dsl);
  put('otherAgencies', OPEN_CASE[s.answers?.['open-case'] ?? '']);
  put('referrerName', s.userName);
  put('referrerRole', s.role);
  put('referrerAgency', s.agency);
  return out;
}
