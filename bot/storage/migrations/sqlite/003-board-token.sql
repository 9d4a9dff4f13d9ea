-- The partnership board's own bearer token (bot/auth/duty-token.ts), kept apart from the duty
-- token so rotating one never revokes the other. IF NOT EXISTS: a database made before numbered
-- migrations by the code that created it on first use already has it.
CREATE TABLE IF NOT EXISTS board_token (
  id TEXT PRIMARY KEY,
  hash BLOB NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('environment', 'generated')),
  created_at TEXT NOT NULL
);
