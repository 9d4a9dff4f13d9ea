-- The board measures of bot/reports/measure-events.ts: empty directory searches by the category
-- of need their words named, and the practitioner's answers at the outcome. Counts per month and
-- combination, never text, a time or an id.
CREATE TABLE report_directory_miss_needs (
  month TEXT NOT NULL,
  locality TEXT NOT NULL,
  need TEXT NOT NULL,
  count INTEGER NOT NULL CHECK (count > 0),
  PRIMARY KEY (month, locality, need)
);
CREATE TABLE report_practitioner_answers (
  month TEXT NOT NULL,
  locality TEXT NOT NULL,
  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4),
  question TEXT NOT NULL,
  answer TEXT NOT NULL,
  count INTEGER NOT NULL CHECK (count > 0),
  PRIMARY KEY (month, locality, level, question, answer)
);
