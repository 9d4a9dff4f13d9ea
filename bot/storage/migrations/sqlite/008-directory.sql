-- Services imported from councils' Open Referral UK feeds (bot/directory/store.ts): the record as
-- the feed sent it (raw), its version and feed, and the normalised fields the directory uses
-- (record). A service a whole feed no longer lists is withdrawn, not deleted. One row per import
-- run, whose id a running service watches to rebuild its directory.
CREATE TABLE directory_services (
  locality TEXT NOT NULL,
  id TEXT NOT NULL,
  feed TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  hash TEXT NOT NULL,
  raw TEXT NOT NULL,
  record TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  withdrawn_at TEXT,
  PRIMARY KEY (locality, id)
);
CREATE TABLE directory_imports (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  locality TEXT NOT NULL,
  feed TEXT NOT NULL,
  finished_at TEXT NOT NULL,
  accepted INTEGER NOT NULL,
  updated INTEGER NOT NULL,
  unchanged INTEGER NOT NULL,
  rejected INTEGER NOT NULL,
  withdrawn INTEGER NOT NULL
);
