-- A message may wait before it is published: a retry's work order is held back for its backoff.
ALTER TABLE outbox ADD COLUMN not_before timestamptz;

DROP INDEX outbox_unsent;
CREATE INDEX outbox_unsent ON outbox (id) WHERE sent_at IS NULL;
