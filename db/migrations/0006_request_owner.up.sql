-- request_id idempotency is scoped per caller: two services that happen to pick the same
-- request_id get two runs, and one caller can never read another's run through a
-- request_id. requested_by is the caller's identity key ("token:dev", "jwt:svc-a"); runs
-- made without authentication have ''.
ALTER TABLE model_selection_run ADD COLUMN requested_by text NOT NULL DEFAULT '';
DROP INDEX model_selection_run_request_id_key;
CREATE UNIQUE INDEX model_selection_run_request_id_key
  ON model_selection_run (requested_by, request_id) WHERE request_id IS NOT NULL;
