-- The local Direct Line channel (bot/directline/store.ts): its key, conversations, tokens (as
-- hashes) and each conversation's activities in watermark order. IF NOT EXISTS: a database made
-- before numbered migrations by the code that created them on first use already has them.
CREATE TABLE IF NOT EXISTS directline_key (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  key TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS directline_conversation (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  started INTEGER NOT NULL DEFAULT 0,
  next_seq INTEGER NOT NULL DEFAULT 1,
  updated_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS directline_token (
  token_hash TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL REFERENCES directline_conversation(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL,
  expires_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS directline_activity (
  conversation_id TEXT NOT NULL REFERENCES directline_conversation(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (conversation_id, seq)
);
CREATE INDEX IF NOT EXISTS directline_conversation_updated ON directline_conversation(updated_ms);
CREATE INDEX IF NOT EXISTS directline_token_conversation ON directline_token(conversation_id);
CREATE INDEX IF NOT EXISTS directline_token_expires ON directline_token(expires_ms);
