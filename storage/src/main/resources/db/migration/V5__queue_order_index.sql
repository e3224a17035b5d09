-- A queued job's position counts the queued jobs of its kind ahead of it (higher priority, or same priority and
-- earlier); this index makes that count cost the jobs ahead instead of a scan of the whole history.
CREATE INDEX jobs_queue_order ON jobs (kind, priority DESC, created_at, id) WHERE status = 'queued';
