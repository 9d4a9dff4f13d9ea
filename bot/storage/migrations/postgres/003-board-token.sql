-- The partnership board's own bearer token (bot/auth/duty-token.ts), kept apart from the duty
-- token so rotating one never revokes the other.
CREATE TABLE board_token (
  id TEXT PRIMARY KEY,
  hash BYTEA NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('environment', 'generated')),
  created_at TEXT NOT NULL
);
