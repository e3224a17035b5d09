package dev.chimera.scheduler.messaging;

/** A record that can never be handled: unparseable, or failing the contract's checks. */
public final class PoisonMessageException extends Exception {

    /** A poison record, with what is wrong with it. */
    public PoisonMessageException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
