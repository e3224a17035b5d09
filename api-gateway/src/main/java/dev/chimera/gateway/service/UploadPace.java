package dev.chimera.gateway.service;

import java.time.Duration;

/**
 * Judges how fast one request body arrives: it must end within {@code deadline} of the request's arrival, and in
 * every {@code window} since then at least {@code minBytesPerSecond × window} bytes must come. A client sending one
 * byte a second is thus cut off after one window, not after the deadline.
 */
public final class UploadPace {

    /** The verdict of one look at a body. */
    public enum Verdict {
        /** The body is arriving fast enough. */
        ON_PACE,
        /** Fewer bytes came during the last window than the minimum rate asks. */
        TOO_SLOW,
        /** The body has not ended within the deadline. */
        PAST_DEADLINE
    }

    private final long startNanos;
    private final long deadlineNanos;
    private final long windowNanos;
    private final long minBytesPerWindow;
    private long windowStartNanos;
    private long bytesAtWindowStart;

    /** A pace for a body that started arriving at {@code startNanos} (System.nanoTime). */
    public UploadPace(long startNanos, Duration deadline, Duration window, long minBytesPerSecond) {
        if (deadline.isNegative() || deadline.isZero() || window.isNegative() || window.isZero()
                || minBytesPerSecond < 0) {
            throw new IllegalArgumentException("deadline and window must be positive, the rate not negative");
        }
        this.startNanos = startNanos;
        this.deadlineNanos = deadline.toNanos();
        this.windowNanos = window.toNanos();
        this.minBytesPerWindow = (long) Math.ceil(minBytesPerSecond * (window.toNanos() / 1e9));
        this.windowStartNanos = startNanos;
    }

    /** How often to look: the shorter of the window and the deadline. */
    public Duration checkInterval() {
        return Duration.ofNanos(Math.min(windowNanos, deadlineNanos));
    }

    /** The verdict at {@code nowNanos}, when {@code bytesRead} bytes of the body have come; closes a full window. */
    public Verdict look(long nowNanos, long bytesRead) {
        if (nowNanos - startNanos >= deadlineNanos) {
            return Verdict.PAST_DEADLINE;
        }
        if (nowNanos - windowStartNanos >= windowNanos) {
            if (bytesRead - bytesAtWindowStart < minBytesPerWindow) {
                return Verdict.TOO_SLOW;
            }
            windowStartNanos = nowNanos;
            bytesAtWindowStart = bytesRead;
        }
        return Verdict.ON_PACE;
    }
}
