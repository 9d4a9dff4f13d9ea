// The board's own measures (issue 11 section 7), named as the LSCB's 2016 themed review of early help
// (seed 002) names them, over figures this product can honestly count: which route each consultation
// reached (a CAF/EHA recommended, a direct referral, the duty team) by role and quarter; duty
// handoffs and the duty team's decisions with the time to acknowledge; repeat consultations where
// the practitioner says so; directory searches with no result by need; and practitioners' own
// "was this helpful?". The review reports by quarter (its "Q1" is April to June), so every table
// here is by quarter, beside the monthly tables of board.ts.
//
// Pure: it takes rows already read by queries.ts and returns tables whose every figure has been
// through small-number suppression, so it does not care how (or how synchronously) they were read.
import { DOMAIN_NAMES } from '../../knowledge/levels.ts';
import type { Domain } from '../../knowledge/schema.ts';
import { OUTCOME_LABELS } from '../../cards/handoff/view.ts';
import type { Column, ReportTable, Row } from './board.ts';
import { ROLE_NOT_KNOWN, ROLES } from './events.ts';
import { ACKNOWLEDGED_WITHIN, type HandoffCountRow } from './handoffs.ts';
import { ANSWERS, type AnswerRow, NEED_CATEGORIES, NEED_NOT_RECOGNISED, type MissNeedRow, type NeedCategory } from './measure-events.ts';
import type { OutcomeRow } from './queries.ts';
import { shown } from './suppress.ts';

export const MEASURE_TABLE_IDS = [
  'outcomes-by-quarter',
  'routes-by-role-and-quarter',
  'duty-handoffs-by-quarter',
  'repeat-consultations-by-quarter',
  'directory-searches-with-no-result-by-need',
  'practitioner-feedback-by-quarter',
] as const;
export type MeasureTableId = (typeof MEASURE_TABLE_IDS)[number];

/** What the board asks about that no consultation tool can count; the page says it plainly. */
export const CANNOT_KNOW =
  'What this product cannot know: what happened to a child or family after the consultation. It does not see whether a CAF or EHA was started, accepted or completed, single-agency work, needs met or improvement (the review\'s outcomes), the quality of assessments, training reach, or the views of families and young people. It counts what practitioners were advised, what the duty team recorded for the summaries it received, and what practitioners told it; case outcomes come from the council\'s and partners\' own records.';

/** The financial-year quarter of a month, as the review counts them: "2026-27 Q1 (Apr to Jun)". */
export function quarterOf(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const fy = m >= 4 ? y : y - 1;
  const q = Math.floor(((m + 8) % 12) / 3) + 1;
  const span = ['Apr to Jun', 'Jul to Sep', 'Oct to Dec', 'Jan to Mar'][q - 1];
  return `${fy}-${String((fy + 1) % 100).padStart(2, '0')} Q${q} (${span})`;
}

/** The route a consultation reached, as the review's measures group them. */
export type RouteKind = 'universal' | 'direct-referral' | 'early-help-assessment' | 'other-level-3' | 'duty';
export const ROUTE_KIND_LABELS: Record<RouteKind, string> = {
  universal: 'Universal services (level 1)',
  'direct-referral': 'Direct referral or single agency (level 2)',
  'early-help-assessment': 'CAF / EHA recommended (level 3)',
  'other-level-3': 'Other level 3 route (MASP, step down)',
  duty: 'Duty team: referral to social care (level 4)',
};
// The packs' assessment routes: B&NES "caf", Leicester "eha". Other level 3 routes are reviews of a
// case already open (MASP, step down), not an assessment recommended.
const ASSESSMENT_ROUTES = new Set(['caf', 'eha']);
export function routeKind(level: number, route: string): RouteKind {
  if (level >= 4) return 'duty';
  if (level === 3) return ASSESSMENT_ROUTES.has(route) ? 'early-help-assessment' : 'other-level-3';
  return level === 2 ? 'direct-referral' : 'universal';
}

export interface MeasureInput {
  months: readonly string[];
  /** Outcome rows grouped by month, level, route and role (queries.outcomes). */
  outcomes: readonly OutcomeRow[];
  handoffs: readonly HandoffCountRow[];
  missNeeds: readonly MissNeedRow[];
  answers: readonly AnswerRow[];
  /** Areas in scope (ids); handoff rows of other areas are left out. */
  scope: readonly string[];
  roleLabels: Readonly<Record<string, string>>;
}

const add = (m: Map<string, number>, key: string, n: number) => m.set(key, (m.get(key) ?? 0) + n);
const levelColumns: Column[] = [1, 2, 3, 4].map((l) => ({ key: `level${l}`, header: `Level ${l}`, numeric: true as const }));

export function measureTables(input: MeasureInput): ReportTable[] {
  const quarters = [...new Set(input.months.map(quarterOf))];
  const inScope = new Set(input.scope);
  const counts = new Map<string, number>();
  for (const r of input.outcomes) {
    const q = quarterOf(String(r.month));
    add(counts, `level|${q}|${r.level}`, r.count);
    add(counts, `route|${q}|${r.role ?? ROLE_NOT_KNOWN}|${routeKind(Number(r.level), String(r.route))}`, r.count);
  }
  for (const h of input.handoffs) if (inScope.has(h.locality)) add(counts, `handoff|${quarterOf(h.month)}|${h.measure}`, h.count);
  for (const a of input.answers) add(counts, `answer|${quarterOf(a.month)}|${a.question}|${a.answer}`, a.count);
  for (const n of input.missNeeds) add(counts, `need|${quarterOf(n.month)}|${n.need}`, n.count);
  const get = (key: string) => shown(counts.get(key) ?? 0);

  const kinds = Object.keys(ROUTE_KIND_LABELS) as RouteKind[];
  const roles = [...ROLES, ROLE_NOT_KNOWN] as const;
  const outcomeIds = Object.keys(OUTCOME_LABELS) as (keyof typeof OUTCOME_LABELS)[];
  const needLabel = (n: NeedCategory) => (n === NEED_NOT_RECOGNISED ? 'No need recognised in the words' : DOMAIN_NAMES[n as Domain]);

  return [
    {
      id: 'outcomes-by-quarter',
      title: 'Outcomes by quarter and level',
      description: 'The monthly outcomes above, by quarter of the financial year, as the 2016 review reports (its Q1 is April to June).',
      columns: [{ key: 'quarter', header: 'Quarter' }, ...levelColumns],
      rows: quarters.map((q): Row => ({ quarter: q, ...Object.fromEntries([1, 2, 3, 4].map((l) => [`level${l}`, get(`level|${q}|${l}`)])) })),
    },
    {
      id: 'routes-by-role-and-quarter',
      title: 'Consultations reaching each route, by role and quarter',
      description: 'Where the advice pointed: a CAF or EHA recommended, a direct referral to one service, or the duty team, by the practitioner’s role (their agency) when they gave it; roles with none in a quarter are left out. It counts advice given, not assessments started: the review’s CAF counts come from the council’s records.',
      columns: [{ key: 'quarter', header: 'Quarter' }, { key: 'role', header: 'Role' }, ...kinds.map((k) => ({ key: k, header: ROUTE_KIND_LABELS[k], numeric: true as const }))],
      // A role with no consultation in a quarter is left out: ten rows of zeros per quarter hide the figures.
      rows: quarters.flatMap((q) =>
        roles
          .filter((role) => kinds.some((k) => counts.has(`route|${q}|${role}|${k}`)) || role === ROLE_NOT_KNOWN)
          .map((role): Row => ({ quarter: q, role: input.roleLabels[role] ?? role, ...Object.fromEntries(kinds.map((k) => [k, get(`route|${q}|${role}|${k}`)])) })),
      ),
    },
    {
      id: 'duty-handoffs-by-quarter',
      title: 'Duty handoffs, the duty team’s decisions and time to acknowledge, by quarter',
      description: 'Summaries sent to the duty team in each quarter, the decisions the duty team recorded for them (accepted for assessment, no further action, stepped down to early help), and how soon each was acknowledged.',
      columns: [
        { key: 'quarter', header: 'Quarter' },
        { key: 'made', header: 'Handoffs', numeric: true },
        ...outcomeIds.map((o) => ({ key: o, header: OUTCOME_LABELS[o], numeric: true as const })),
        ...ACKNOWLEDGED_WITHIN.map((b) => ({ key: b.id, header: `Acknowledged ${b.label.toLowerCase()}`, numeric: true as const })),
      ],
      rows: quarters.map((q): Row => ({
        quarter: q,
        made: get(`handoff|${q}|made`),
        ...Object.fromEntries(outcomeIds.map((o) => [o, get(`handoff|${q}|outcome:${o}`)])),
        ...Object.fromEntries(ACKNOWLEDGED_WITHIN.map((b) => [b.id, get(`handoff|${q}|acknowledged-within:${b.id}`)])),
      })),
    },
    {
      id: 'repeat-consultations-by-quarter',
      title: 'Repeat consultations about the same child, where the practitioner says so',
      description: 'At the outcome practitioners are asked, once and anonymously, whether they have asked about this child before. Only their answer is counted: the product keeps nothing that could link two consultations.',
      columns: [{ key: 'quarter', header: 'Quarter' }, ...ANSWERS['asked-before'].map((a) => ({ key: a, header: a === 'yes' ? 'Asked about this child before' : 'First time', numeric: true as const }))],
      rows: quarters.map((q): Row => ({ quarter: q, ...Object.fromEntries(ANSWERS['asked-before'].map((a) => [a, get(`answer|${q}|asked-before|${a}`)])) })),
    },
    {
      id: 'directory-searches-with-no-result-by-need',
      title: 'Directory searches with no result, by need',
      description: 'Searches that found no service, by the area of need their words named (a domain of the shared vocabulary). The words themselves are never kept.',
      columns: [{ key: 'need', header: 'Need' }, ...quarters.map((q) => ({ key: q, header: q, numeric: true as const }))],
      rows: NEED_CATEGORIES.map((n): Row => ({ need: needLabel(n), ...Object.fromEntries(quarters.map((q) => [q, get(`need|${q}|${n}`)])) })),
    },
    {
      id: 'practitioner-feedback-by-quarter',
      title: 'Practitioner feedback: was this helpful?',
      description: 'Asked once at the outcome, anonymous, optional. Feedback from families and young people, which the review also asks for, is not something this product can collect.',
      columns: [{ key: 'quarter', header: 'Quarter' }, ...ANSWERS.helpful.map((a) => ({ key: a, header: { yes: 'Helpful', partly: 'Partly', no: 'Not helpful' }[a], numeric: true as const }))],
      rows: quarters.map((q): Row => ({ quarter: q, ...Object.fromEntries(ANSWERS.helpful.map((a) => [a, get(`answer|${q}|helpful|${a}`)])) })),
    },
  ];
}
