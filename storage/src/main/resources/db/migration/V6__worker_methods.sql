-- The newest announcement of each worker (chimera.workers.methods): the methods it serves and until when. The gateway
-- refuses a submit for a method that no unexpired row serves, unless its pool scales from zero.
CREATE TABLE worker_methods (
    worker_id    text PRIMARY KEY,
    methods      text[] NOT NULL,
    announced_at timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL
);
