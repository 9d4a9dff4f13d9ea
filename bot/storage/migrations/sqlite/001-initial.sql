-- The schema as it was before numbered migrations (each table was created by its own module with
-- CREATE TABLE IF NOT EXISTS). Written the same way here, so a database made by that code takes
-- this migration as a no-op and keeps every row.
CREATE TABLE IF NOT EXISTS bot_state (
  key TEXT PRIMARY KEY,
  etag TEXT NOT NULL,
  document TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS handoff (
  reference TEXT PRIMARY KEY,
  created_at TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  locality TEXT NOT NULL,
  level INTEGER NOT NULL,
  summary TEXT NOT NULL,
  referrer_conversation TEXT,
  status TEXT NOT NULL CHECK (status IN ('new', 'acknowledged', 'outcome-recorded')),
  version INTEGER NOT NULL DEFAULT 1,
  acknowledged_at TEXT,
  acknowledged_by TEXT,
  outcome TEXT,
  outcome_note TEXT,
  outcome_at TEXT,
  outcome_by TEXT
);
CREATE INDEX IF NOT EXISTS handoff_created ON handoff(created_ms);
CREATE TABLE IF NOT EXISTS handoff_draft (
  conversation_key TEXT PRIMARY KEY,
  state TEXT NOT NULL,
  updated_ms INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS handoff_outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  reference TEXT NOT NULL REFERENCES handoff(reference) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('duty-post', 'duty-card-update', 'referrer-outcome')),
  state TEXT NOT NULL CHECK (state IN ('pending', 'in-flight', 'unknown', 'delivered')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  lease_until INTEGER,
  target TEXT,
  activity_id TEXT,
  sent_version INTEGER,
  last_result TEXT,
  created_at INTEGER NOT NULL,
  delivered_at INTEGER
);
CREATE UNIQUE INDEX IF NOT EXISTS handoff_outbox_one_duty_post ON handoff_outbox(reference) WHERE kind = 'duty-post';
CREATE INDEX IF NOT EXISTS handoff_outbox_due ON handoff_outbox(state, next_attempt_at);

CREATE TABLE IF NOT EXISTS report_handoffs (
  month TEXT NOT NULL,
  locality TEXT NOT NULL,
  measure TEXT NOT NULL,
  count INTEGER NOT NULL CHECK (count > 0),
  PRIMARY KEY (month, locality, measure)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS report_outcomes (
  month TEXT NOT NULL,
  locality TEXT NOT NULL,
  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4),
  route TEXT NOT NULL,
  role TEXT NOT NULL,
  channel TEXT NOT NULL,
  count INTEGER NOT NULL CHECK (count > 0),
  PRIMARY KEY (month, locality, level, route, role, channel)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS report_directory_misses (
  month TEXT NOT NULL,
  locality TEXT NOT NULL,
  count INTEGER NOT NULL CHECK (count > 0),
  PRIMARY KEY (month, locality)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  reference TEXT,
  detail TEXT
);
CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

CREATE TABLE IF NOT EXISTS auth_token (
  id TEXT PRIMARY KEY,
  hash BLOB NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('environment', 'generated')),
  created_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS duty_channel (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  target TEXT NOT NULL,
  captured_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS service_problems (
  reference TEXT PRIMARY KEY,
  reported_at TEXT NOT NULL,
  locality TEXT NOT NULL,
  service_id TEXT NOT NULL,
  service_name TEXT NOT NULL,
  kind TEXT NOT NULL,
  details TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved'))
);
