-- The board measures of bot/reports/measure-events.ts: empty directory searches by the category
-- of need their words named, and the practitioner's answers at the outcome. Counts per month and
-- combination, never text, a time or an id. IF NOT EXISTS: a database made before numbered
-- migrations by the code that created them on first use already has them.
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
