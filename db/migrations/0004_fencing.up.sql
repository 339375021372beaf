-- Fencing: every claim of a candidate gets the next attempt number, and every write of a
-- holder is conditional on (candidate, attempt, owner), so a stale attempt can never write.
-- A graceful hand-back (ReleaseCandidate) used to decrement attempt, which would give two
-- claims the same number; now attempt only grows and the hand-backs are counted here, so
-- they still do not count against max_attempts (the reaper compares attempt - released).
ALTER TABLE model_selection_candidate
  ADD COLUMN released_attempts integer NOT NULL DEFAULT 0,
  ADD CONSTRAINT model_selection_candidate_released_bounded
    CHECK (released_attempts >= 0 AND released_attempts <= attempt);
