// Issue 11 section 7: the board's measures named as the 2016 review names them, by the review's
// quarters (Q1 is April to June), every figure suppressed like the rest, and a plain statement of
// what the product cannot know. measureTables is pure over the rows queries.ts reads.
import { describe, expect, it } from 'vitest';
import { ROLE_LABELS } from '../bot/reports/board.ts';
import { CANNOT_KNOW, measureTables, quarterOf, routeKind } from '../bot/reports/measures.ts';
import { monthsBetween } from '../bot/reports/board.ts';

const months = monthsBetween('2026-03', '2026-07');
const table = (id: string, input: Partial<Parameters<typeof measureTables>[0]> = {}) =>
  measureTables({ months, outcomes: [], handoffs: [], missNeeds: [], answers: [], scope: ['bathnes', 'leicester'], roleLabels: ROLE_LABELS, ...input }).find((t) => t.id === id)!;

describe('the review’s quarters', () => {
  it('counts the financial year from April, as the review’s Q1 does', () => {
    expect(quarterOf('2026-04')).toBe('2026-27 Q1 (Apr to Jun)');
    expect(quarterOf('2026-06')).toBe('2026-27 Q1 (Apr to Jun)');
    expect(quarterOf('2026-07')).toBe('2026-27 Q2 (Jul to Sep)');
    expect(quarterOf('2026-12')).toBe('2026-27 Q3 (Oct to Dec)');
    expect(quarterOf('2027-03')).toBe('2026-27 Q4 (Jan to Mar)');
    expect(quarterOf('2026-03')).toBe('2025-26 Q4 (Jan to Mar)');
  });

  it('names each route as the review does: CAF/EHA recommended, direct referral, duty', () => {
    expect(routeKind(3, 'caf')).toBe('early-help-assessment');
    expect(routeKind(3, 'eha')).toBe('early-help-assessment');
    expect(routeKind(3, 'masp')).toBe('other-level-3');
    expect(routeKind(2, 'single-agency')).toBe('direct-referral');
    expect(routeKind(4, 'duty-consultation')).toBe('duty');
  });
});

describe('the measures', () => {
  it('routes reached by role and quarter, suppressed', () => {
    const t = table('routes-by-role-and-quarter', {
      outcomes: [
        { month: '2026-04', locality: 'bathnes', level: 3, route: 'caf', role: 'teacher', channel: 'msteams', count: 6 },
        { month: '2026-05', locality: 'leicester', level: 3, route: 'eha', role: 'teacher', channel: 'webchat', count: 6 },
        { month: '2026-05', locality: 'leicester', level: 4, route: 'duty-and-advice', role: 'gp', channel: 'webchat', count: 2 },
      ],
    });
    const q1 = (role: string) => t.rows.find((r) => r.quarter === '2026-27 Q1 (Apr to Jun)' && r.role === role)!;
    expect(q1('Teacher')['early-help-assessment']).toBe(10);
    expect(q1('GP').duty).toBe('<5');
    expect(q1('GP')['direct-referral']).toBe(0);
    expect(t.columns.map((c) => c.header)).toContain('CAF / EHA recommended (level 3)');
  });

  it('duty handoffs with the duty team’s decisions and time to acknowledge, by quarter', () => {
    const t = table('duty-handoffs-by-quarter', {
      handoffs: [
        { month: '2026-04', locality: 'bathnes', measure: 'made', count: 7 },
        { month: '2026-04', locality: 'bathnes', measure: 'outcome:stepped-down-to-early-help', count: 3 },
        { month: '2026-05', locality: 'bathnes', measure: 'acknowledged-within:within-1-hour', count: 6 },
        { month: '2026-05', locality: 'elsewhere', measure: 'made', count: 50 },
      ],
    });
    const q1 = t.rows.find((r) => r.quarter === '2026-27 Q1 (Apr to Jun)')!;
    expect(q1).toMatchObject({ made: 5, 'stepped-down-to-early-help': '<5', 'within-1-hour': 5, 'no-further-action': 0 });
    expect(t.columns.map((c) => c.header)).toEqual(expect.arrayContaining(['Accepted for assessment', 'No further action', 'Stepped down to early help', 'Acknowledged within 1 hour']));
  });

  it('repeat consultations only where the practitioner says so, and feedback, by quarter', () => {
    const answers = [
      { month: '2026-07', locality: 'bathnes', level: 2, question: 'asked-before' as const, answer: 'yes', count: 9 },
      { month: '2026-07', locality: 'bathnes', level: 3, question: 'helpful' as const, answer: 'partly', count: 1 },
    ];
    expect(table('repeat-consultations-by-quarter', { answers }).rows.find((r) => r.quarter === '2026-27 Q2 (Jul to Sep)')).toMatchObject({ yes: 10, no: 0 });
    expect(table('practitioner-feedback-by-quarter', { answers }).rows.find((r) => r.quarter === '2026-27 Q2 (Jul to Sep)')).toMatchObject({ yes: 0, partly: '<5', no: 0 });
  });

  it('directory searches with no result by need, one column per quarter', () => {
    const t = table('directory-searches-with-no-result-by-need', { missNeeds: [{ month: '2026-03', locality: 'bathnes', need: 'family-environment', count: 12 }] });
    expect(t.columns.map((c) => c.header)).toEqual(['Need', '2025-26 Q4 (Jan to Mar)', '2026-27 Q1 (Apr to Jun)', '2026-27 Q2 (Jul to Sep)']);
    expect(t.rows.find((r) => r.need === 'Family and environment')).toMatchObject({ '2025-26 Q4 (Jan to Mar)': 10 });
    expect(t.rows.map((r) => r.need)).toContain('No need recognised in the words');
  });

  it('says plainly what the product cannot know', () => {
    expect(CANNOT_KNOW).toMatch(/cannot know: what happened to a child or family after the consultation/);
    expect(CANNOT_KNOW).toMatch(/case outcomes come from the council/);
  });
});
