ALTER TABLE model_selection_candidate DROP COLUMN stage;
