-- Idempotency that cannot be fooled: a repeated request_id is the same run only when the
-- request is the same too. The fingerprint is the SHA-256 of the request as the client sent
-- it (canonical JSON, before the window is resolved); runs from before this column have none
-- and match any request.
ALTER TABLE model_selection_run ADD COLUMN request_fingerprint bytea;
