-- The newest checkpoint a running attempt reported (a JobEvent of type checkpoint): the next attempt of the job,
-- after a lost lease, a retry or a release, resumes from it.
ALTER TABLE jobs ADD COLUMN checkpoint_key text;
