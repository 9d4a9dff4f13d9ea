-- The duty channel is designated deliberately, never captured from an install event (ADR-010):
-- the one designation (configuration aside), and the teams Bot Framework told us the app was
-- installed in, which a duty team member may choose from. A channel captured by an older version
-- is not trusted (it may have come from a forged install), so it is forgotten here.
CREATE TABLE duty_channel_designation (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  target TEXT NOT NULL,
  designated_at TEXT NOT NULL,
  designated_by TEXT NOT NULL
);
CREATE TABLE duty_channel_candidate (
  conversation_id TEXT PRIMARY KEY,
  target TEXT NOT NULL,
  team_name TEXT,
  seen_at TEXT NOT NULL,
  seen_by TEXT NOT NULL
);
CREATE INDEX duty_channel_candidate_seen ON duty_channel_candidate (seen_at);
DELETE FROM duty_channel;
