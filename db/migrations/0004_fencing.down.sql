-- Reverts 0004_fencing.up.sql.
ALTER TABLE model_selection_candidate
  DROP CONSTRAINT model_selection_candidate_released_bounded,
  DROP COLUMN released_attempts;
