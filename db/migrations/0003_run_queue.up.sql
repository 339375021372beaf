-- The durable run queue (docs/ARCHITECTURE.md "How a run executes"): the settled outcome as one
-- document (the ranking/winner/chart/summary columns keep their parts for SQL readers), the
-- refit winner of a synchronous run, a settle counter (settle happens exactly once: tests
-- assert settle_count = 1), and partial indexes for the claim and the lease heartbeat.
ALTER TABLE model_selection_run
  ADD COLUMN outcome jsonb,
  ADD COLUMN final_model jsonb,
  ADD COLUMN settle_count integer NOT NULL DEFAULT 0;

-- Claim: the oldest pending candidate (ORDER BY created_at, ordinal ... SKIP LOCKED).
CREATE INDEX model_selection_candidate_claim_idx
  ON model_selection_candidate (created_at, ordinal) WHERE status = 'pending';
-- Heartbeat: the running candidates of one lease owner.
CREATE INDEX model_selection_candidate_owner_idx
  ON model_selection_candidate (lease_owner) WHERE status = 'running';
