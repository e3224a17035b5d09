-- Admission: a queued job waits in PostgreSQL until the scheduler admits it. Admitting writes dispatched_at and the
-- job's work order (an outbox row) in one transaction; a job holds one of its tenant's slots of its kind from its
-- admission until it ends (queued and dispatched, then running). A re-dispatch keeps the slot and renews
-- dispatched_at. Jobs queued before this migration count as not yet admitted: they are admitted again, and a second
-- work order of the same attempt is harmless because only one claim of an attempt can win.
ALTER TABLE jobs
    ADD COLUMN dispatched_at timestamptz,
    -- Why a queued job that is not admitted waits, as of the scheduler's newest admission pass.
    ADD COLUMN queue_reason  text CHECK (queue_reason IN ('tenant_quota', 'capacity'));

-- Set by the admin: at most this many jobs of each kind admitted or running per tenant (NULL: the scheduler's
-- default), and the highest priority the tenant's jobs run with (a job asking for more runs at the ceiling).
ALTER TABLE tenants
    ADD COLUMN max_concurrent_per_kind integer CHECK (max_concurrent_per_kind >= 0),
    ADD COLUMN priority_ceiling        integer NOT NULL DEFAULT 0;

-- The queue is read with the columns admission orders by; the slots a tenant holds are counted per kind.
DROP INDEX jobs_queue_order;
CREATE INDEX jobs_queue_order ON jobs (kind, priority DESC, created_at, id) INCLUDE (tenant_id, dispatched_at)
    WHERE status = 'queued';
CREATE INDEX jobs_holding_slots ON jobs (kind, tenant_id)
    WHERE status = 'running' OR (status = 'queued' AND dispatched_at IS NOT NULL);
