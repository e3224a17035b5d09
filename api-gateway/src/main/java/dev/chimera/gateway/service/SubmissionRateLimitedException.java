package dev.chimera.gateway.service;

import java.util.List;

/** A submission over the tenant's rate: 429 rate_limited, with the whole seconds to wait in Retry-After. */
public class SubmissionRateLimitedException extends RequestRefusedException {

    private final long retryAfterSeconds;

    public SubmissionRateLimitedException(long retryAfterSeconds) {
        super(429, "rate_limited", "too many submissions for this tenant; retry after " + retryAfterSeconds + " s",
                List.of());
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
