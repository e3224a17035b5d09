package dev.chimera.scheduler.messaging;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Handles the records of one topic for a {@link ConsumerLoop}. */
public interface RecordHandler {

    /**
     * Handles one record and returns the sends it started; the loop commits the record's offset only after they
     * are acknowledged. Throws {@link PoisonMessageException} for a record that can never be handled, and any
     * runtime exception for a failure worth retrying (the record is then delivered again).
     */
    List<CompletableFuture<?>> handle(String key, String value) throws PoisonMessageException;

    /**
     * Called with the keys (job ids) of a polled batch before its records are handled, on the loop's thread: a
     * handler may read what the batch needs in one go. A runtime exception rewinds the batch like a failed record.
     */
    default void beforeBatch(List<String> keys) {
    }

    /** Called after every poll, also when it returned nothing, on the loop's thread. */
    default void afterPoll() {
    }
}
