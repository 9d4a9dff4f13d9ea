-- The same tables as SQLite's 001. Differences are the dialect's: BIGINT for times in ms, BIGSERIAL
-- for ids, BYTEA for hashes, and handoff.seq standing in for SQLite's rowid (the order of handoffs
-- made in the same millisecond).
CREATE TABLE bot_state (
  key TEXT PRIMARY KEY,
  etag TEXT NOT NULL,
  document TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE handoff (
  reference TEXT PRIMARY KEY,
  seq BIGSERIAL NOT NULL,
  created_at TEXT NOT NULL,
  created_ms BIGINT NOT NULL,
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
CREATE INDEX handoff_created ON handoff(created_ms);
CREATE TABLE handoff_draft (
  conversation_key TEXT PRIMARY KEY,
  state TEXT NOT NULL,
  updated_ms BIGINT NOT NULL
);

CREATE TABLE handoff_outbox (
  id BIGSERIAL PRIMARY KEY,
  reference TEXT NOT NULL REFERENCES handoff(reference) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('duty-post', 'duty-card-update', 'referrer-outcome')),
  state TEXT NOT NULL CHECK (state IN ('pending', 'in-flight', 'unknown', 'delivered')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  lease_until BIGINT,
  target TEXT,
  activity_id TEXT,
  sent_version INTEGER,
  last_result TEXT,
  created_at BIGINT NOT NULL,
  delivered_at BIGINT
);
CREATE UNIQUE INDEX handoff_outbox_one_duty_post ON handoff_outbox(reference) WHERE kind = 'duty-post';
CREATE INDEX handoff_outbox_due ON handoff_outbox(state, next_attempt_at);

CREATE TABLE report_handoffs (
  month TEXT NOT NULL,
  locality TEXT NOT NULL,
  measure TEXT NOT NULL,
  count INTEGER NOT NULL CHECK (count > 0),
  PRIMARY KEY (month, locality, measure)
);

CREATE TABLE report_outcomes (
  month TEXT NOT NULL,
  locality TEXT NOT NULL,
  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4),
  route TEXT NOT NULL,
  role TEXT NOT NULL,
  channel TEXT NOT NULL,
  count INTEGER NOT NULL CHECK (count > 0),
  PRIMARY KEY (month, locality, level, route, role, channel)
);
CREATE TABLE report_directory_misses (
  month TEXT NOT NULL,
  locality TEXT NOT NULL,
  count INTEGER NOT NULL CHECK (count > 0),
  PRIMARY KEY (month, locality)
);

CREATE TABLE audit_log (
  id BIGSERIAL PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  reference TEXT,
  detail TEXT
);
-- Append-only in the database itself, for every role including the owner: README "PostgreSQL"
-- also has the application role lose UPDATE, DELETE and TRUNCATE on it.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

CREATE TABLE auth_token (
  id TEXT PRIMARY KEY,
  hash BYTEA NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('environment', 'generated')),
  created_at TEXT NOT NULL
);

CREATE TABLE duty_channel (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  target TEXT NOT NULL,
  captured_at TEXT NOT NULL
);

CREATE TABLE service_problems (
  reference TEXT PRIMARY KEY,
  reported_at TEXT NOT NULL,
  locality TEXT NOT NULL,
  service_id TEXT NOT NULL,
  service_name TEXT NOT NULL,
  kind TEXT NOT NULL,
  details TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved'))
);
