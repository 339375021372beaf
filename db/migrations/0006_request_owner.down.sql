-- Reverts 0006_request_owner.up.sql. Fails (and changes nothing) when two callers used the
-- same request_id, which the older schema cannot represent.
DROP INDEX model_selection_run_request_id_key;
CREATE UNIQUE INDEX model_selection_run_request_id_key
  ON model_selection_run (request_id) WHERE request_id IS NOT NULL;
ALTER TABLE model_selection_run DROP COLUMN requested_by;
