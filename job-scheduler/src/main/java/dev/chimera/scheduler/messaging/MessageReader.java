package dev.chimera.scheduler.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chimera.contract.ContractJson;
import java.util.UUID;
import java.util.function.Function;

/** Reads a record value into a contract message, turning every way it can be wrong into a poison verdict. */
final class MessageReader {

    private static final ObjectMapper JSON = ContractJson.mapper();

    private MessageReader() {
    }

    /**
     * The message in {@code value}; the record key must be the message's job id, because partitioning by job id
     * is what keeps one job's messages in order.
     */
    static <T> T read(String key, String value, Class<T> type, Function<T, UUID> jobId)
            throws PoisonMessageException {
        return read(key, value, type, message -> jobId.apply(message).toString(), "job id");
    }

    /**
     * The message in {@code value}, whose record key must be the id of the worker that sent it, which keeps one
     * worker's messages in order.
     */
    static <T> T readFromWorker(String key, String value, Class<T> type, Function<T, String> workerId)
            throws PoisonMessageException {
        return read(key, value, type, workerId, "worker id");
    }

    private static <T> T read(String key, String value, Class<T> type, Function<T, String> expectedKey,
            String keyName) throws PoisonMessageException {
        if (value == null) {
            throw new PoisonMessageException("record has no value", null);
        }
        T message;
        try {
            message = JSON.readValue(value, type);
        } catch (JsonProcessingException e) {
            throw new PoisonMessageException("not a valid " + type.getSimpleName() + ": " + rootMessage(e), e);
        }
        if (message == null) {
            throw new PoisonMessageException("record value is JSON null", null);
        }
        String expected = expectedKey.apply(message);
        if (!expected.equals(key)) {
            throw new PoisonMessageException("record key " + key + " is not the " + keyName + " " + expected, null);
        }
        return message;
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root == error ? ((JsonProcessingException) error).getOriginalMessage() : root.getMessage();
        return message == null ? root.getClass().getSimpleName() : message;
    }
}
