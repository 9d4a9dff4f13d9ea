-- Which instance holds a row's lease, so a row claimed by one instance is worked only by it until
-- the lease runs out (docs/arch/ADR-011-storage-engines.md).
ALTER TABLE handoff_outbox ADD COLUMN lease_owner TEXT;
CREATE INDEX handoff_outbox_lease ON handoff_outbox(state, lease_until);
