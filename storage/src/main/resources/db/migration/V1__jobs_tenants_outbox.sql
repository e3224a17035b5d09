-- Chimera's job database. Postgres is the source of truth for job status; every status change is a conditional
-- UPDATE made by JobStore and is mirrored by one row in job_events.

CREATE TABLE tenants (
    id          text        PRIMARY KEY,
    name        text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_keys (
    id          uuid        PRIMARY KEY,
    tenant_id   text        NOT NULL REFERENCES tenants (id),
    key_hash    text        NOT NULL UNIQUE, -- sha256 hex of the key; the key itself is never stored
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);
CREATE INDEX api_keys_by_tenant ON api_keys (tenant_id);

CREATE TABLE jobs (
    id               uuid             PRIMARY KEY,
    tenant_id        text             NOT NULL REFERENCES tenants (id),
    kind             text             NOT NULL CHECK (kind IN ('transfer', 'synthesis', 'morphing')),
    method           text             NOT NULL
                                      CHECK (method IN ('splice', 'cross-image-attention', 'clvae', 'crossbreed')),
    params           jsonb            NOT NULL DEFAULT '{}',
    input_keys       jsonb            NOT NULL DEFAULT '{}', -- object key by input role
    result_keys      jsonb            NOT NULL DEFAULT '{}', -- object key by result name
    status           text             NOT NULL
                                      CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'canceled', 'expired')),
    progress         double precision NOT NULL DEFAULT 0 CHECK (progress >= 0 AND progress <= 1),
    stage            text,
    step             integer,
    total_steps      integer,
    attempt          integer          NOT NULL DEFAULT 1 CHECK (attempt >= 1),
    lease_owner      text,
    lease_expires_at timestamptz,
    priority         integer          NOT NULL DEFAULT 0,
    deadline         timestamptz,
    idempotency_key  text,
    request_hash     text,             -- fingerprint of the submitted body, to tell a replay from a conflict
    error_code       text,
    error_message    text,
    created_at       timestamptz      NOT NULL DEFAULT now(),
    started_at       timestamptz,
    finished_at      timestamptz,
    updated_at       timestamptz      NOT NULL DEFAULT now(),
    version          bigint           NOT NULL DEFAULT 0,
    -- NULL keys are distinct, so jobs submitted without a key never collide.
    CONSTRAINT jobs_idempotency_key_per_tenant UNIQUE (tenant_id, idempotency_key),
    CONSTRAINT jobs_key_has_hash CHECK (idempotency_key IS NULL OR request_hash IS NOT NULL)
);
CREATE INDEX jobs_listing_by_tenant ON jobs (tenant_id, created_at DESC, id DESC);
CREATE INDEX jobs_running_by_lease_expiry ON jobs (lease_expires_at) WHERE status = 'running';
CREATE INDEX jobs_queued_by_deadline ON jobs (deadline) WHERE status = 'queued' AND deadline IS NOT NULL;

CREATE TABLE job_events (
    id       bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_id   uuid        NOT NULL REFERENCES jobs (id),
    attempt  integer     NOT NULL,
    type     text        NOT NULL,
    status   text        NOT NULL,
    payload  jsonb       NOT NULL DEFAULT '{}',
    at       timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX job_events_by_job ON job_events (job_id, id);

-- The timeline is evidence: nobody rewrites it.
CREATE FUNCTION job_events_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'job_events is append-only';
END;
$$;
CREATE TRIGGER job_events_append_only
    BEFORE UPDATE OR DELETE ON job_events
    FOR EACH ROW EXECUTE FUNCTION job_events_are_append_only();

CREATE TABLE outbox (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    topic       text        NOT NULL,
    key         text        NOT NULL,
    payload     jsonb       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    sent_at     timestamptz
);
CREATE INDEX outbox_unsent ON outbox (id) WHERE sent_at IS NULL;
