-- Candidates run in stages: a candidate is claimable once every candidate of a lower stage of
-- its run is terminal. The run's creator sets the stage from the model catalog (a candidate
-- that combines the others' results, the ensemble, is stage 1); the queue knows no model
-- names. Existing rows are backfilled the way the queue treated them before.
ALTER TABLE model_selection_candidate
  ADD COLUMN stage smallint NOT NULL DEFAULT 0 CHECK (stage BETWEEN 0 AND 9);
UPDATE model_selection_candidate SET stage = 1 WHERE model_type = 'ensemble';
