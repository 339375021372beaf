-- Reverts 0005_request_fingerprint.up.sql.
ALTER TABLE model_selection_run DROP COLUMN request_fingerprint;
