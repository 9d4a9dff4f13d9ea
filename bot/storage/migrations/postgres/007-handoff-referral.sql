-- Who made each handoff, from which conversation and consultation (bot/handoff/referrals.ts): so
-- the same concern shows the summary already sent, and "status HX-..." answers its maker only.
-- Deleted with its handoff (retention purge).
CREATE TABLE handoff_referral (
  reference TEXT PRIMARY KEY REFERENCES handoff(reference) ON DELETE CASCADE,
  conversation_key TEXT NOT NULL,
  consultation_id TEXT,
  referrer_key TEXT NOT NULL,
  created_ms BIGINT NOT NULL
);
CREATE INDEX handoff_referral_conversation ON handoff_referral(conversation_key, consultation_id);
