-- Reverts 0003_run_queue.up.sql.
DROP INDEX model_selection_candidate_owner_idx;
DROP INDEX model_selection_candidate_claim_idx;
ALTER TABLE model_selection_run
  DROP COLUMN settle_count,
  DROP COLUMN final_model,
  DROP COLUMN outcome;
