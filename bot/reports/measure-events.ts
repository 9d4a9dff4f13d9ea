// The storage of the board measures added for the 2016 review's figures (docs/arch/ADR-019), in
// one place: empty directory searches by the category of need their words named, and the
// practitioner's answers at the outcome ("was this helpful?", "have you asked about this child
// before?"). Written like the other report events (events.ts): one row per month and
// combination with a count, never text, a time or an id.
import { Domain } from '../../knowledge/schema.ts';
import type { Sql } from '../storage/sql.ts';

/** A search's need category: a domain of the shared vocabulary, or none recognised in its words. */
export const NEED_NOT_RECOGNISED = 'not-recognised';
export const NEED_CATEGORIES = [...Domain.options, NEED_NOT_RECOGNISED] as const;
export type NeedCategory = (typeof NEED_CATEGORIES)[number];

/** The questions asked once at the outcome, and the answers a card or a phrase can give. */
export const ANSWERS = { helpful: ['yes', 'partly', 'no'], 'asked-before': ['yes', 'no'] } as const;
export type Question = keyof typeof ANSWERS;
/** An answer; recordAnswer refuses a pair that is not in ANSWERS ("partly" to asked-before). */
export interface PractitionerAnswer {
  question: Question;
  answer: (typeof ANSWERS)['helpful'][number];
}

export interface MissNeedRow {
  month: string;
  locality: string;
  need: NeedCategory;
  count: number;
}
export interface AnswerRow {
  month: string;
  locality: string;
  level: number;
  question: Question;
  answer: string;
  count: number;
}

// The tables are made by the migrations (bot/storage/migrations/*/005-board-measures.sql).

/** The writes; callers have checked every value against the lists above. */
export function measureWriters(db: Sql) {
  return {
    missNeed: (month: string, locality: string, category: NeedCategory, tx: Sql = db) =>
      tx.run(
        `INSERT INTO report_directory_miss_needs (month, locality, need, count) VALUES (?, ?, ?, 1)
         ON CONFLICT (month, locality, need) DO UPDATE SET count = report_directory_miss_needs.count + 1`,
        [month, locality, category],
      ),
    answer: (month: string, locality: string, level: number, a: PractitionerAnswer) =>
      db.run(
        `INSERT INTO report_practitioner_answers (month, locality, level, question, answer, count) VALUES (?, ?, ?, ?, ?, 1)
         ON CONFLICT (month, locality, level, question, answer) DO UPDATE SET count = report_practitioner_answers.count + 1`,
        [month, locality, level, a.question, a.answer],
      ),
  };
}

/** The reads, with the same month and area filter as the other report queries. */
export function measureQueries(db: Sql, where: (filter: object) => { sql: string; params: string[] }) {
  return {
    async directoryMissNeeds(filter = {}): Promise<MissNeedRow[]> {
      const w = where(filter);
      const rows = await db.all<MissNeedRow>(`SELECT month, locality, need, count FROM report_directory_miss_needs ${w.sql} ORDER BY month, locality, need`, w.params);
      return rows.map((row) => ({ ...row, count: Number(row.count) }));
    },
    async practitionerAnswers(filter = {}): Promise<AnswerRow[]> {
      const w = where(filter);
      const rows = await db.all<AnswerRow>(
        `SELECT month, locality, level, question, answer, count FROM report_practitioner_answers ${w.sql} ORDER BY month, locality, level, question, answer`,
        w.params,
      );
      return rows.map((row) => ({ ...row, level: Number(row.level), count: Number(row.count) }));
    },
  };
}
