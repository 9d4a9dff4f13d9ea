// The storage of the board measures added for the 2016 review's figures (docs/arch/ADR-019), in
// one place: empty directory searches by the category of need their words named, and the
// practitioner's answers at the outcome ("was this helpful?", "have you asked about this child
// before?"). Written like the other report events (events.ts): one row per month and
// combination with a count, never text, a time or an id.
import type { DatabaseSync } from 'node:sqlite';
import { Domain } from '../../knowledge/schema.ts';

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

export function createMeasureTables(db: DatabaseSync): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS report_directory_miss_needs (
      month TEXT NOT NULL,
      locality TEXT NOT NULL,
      need TEXT NOT NULL,
      count INTEGER NOT NULL CHECK (count > 0),
      PRIMARY KEY (month, locality, need)
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS report_practitioner_answers (
      month TEXT NOT NULL,
      locality TEXT NOT NULL,
      level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4),
      question TEXT NOT NULL,
      answer TEXT NOT NULL,
      count INTEGER NOT NULL CHECK (count > 0),
      PRIMARY KEY (month, locality, level, question, answer)
    ) WITHOUT ROWID;
  `);
}

/** The writes, prepared once; callers have checked every value against the lists above. */
export function measureWriters(db: DatabaseSync) {
  createMeasureTables(db);
  const need = db.prepare(`
    INSERT INTO report_directory_miss_needs (month, locality, need, count) VALUES (?, ?, ?, 1)
    ON CONFLICT (month, locality, need) DO UPDATE SET count = count + 1`);
  const answer = db.prepare(`
    INSERT INTO report_practitioner_answers (month, locality, level, question, answer, count) VALUES (?, ?, ?, ?, ?, 1)
    ON CONFLICT (month, locality, level, question, answer) DO UPDATE SET count = count + 1`);
  return {
    missNeed: (month: string, locality: string, category: NeedCategory) => need.run(month, locality, category),
    answer: (month: string, locality: string, level: number, a: PractitionerAnswer) => answer.run(month, locality, level, a.question, a.answer),
  };
}

/** The reads, with the same month and area filter as the other report queries. */
export function measureQueries(db: DatabaseSync, where: (filter: object) => { sql: string; params: string[] }) {
  createMeasureTables(db);
  return {
    directoryMissNeeds(filter = {}): MissNeedRow[] {
      const w = where(filter);
      return db
        .prepare(`SELECT month, locality, need, count FROM report_directory_miss_needs ${w.sql} ORDER BY month, locality, need`)
        .all(...w.params)
        .map((row) => ({ ...row }) as unknown as MissNeedRow);
    },
    practitionerAnswers(filter = {}): AnswerRow[] {
      const w = where(filter);
      return db
        .prepare(`SELECT month, locality, level, question, answer, count FROM report_practitioner_answers ${w.sql} ORDER BY month, locality, level, question, answer`)
        .all(...w.params)
        .map((row) => ({ ...row }) as unknown as AnswerRow);
    },
  };
}
