package dev.chimera.storage.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chimera.contract.ContractJson;
import dev.chimera.contract.JobKind;
import dev.chimera.contract.JobStatus;
import dev.chimera.contract.Method;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Maps rows of {@code jobs} and {@code job_events} to records, and records' values to statement parameters. */
final class JobRows {

    static final String JOB_COLUMNS = """
            id, tenant_id, kind, method, params::text AS params, input_keys::text AS input_keys,
            result_keys::text AS result_keys, status, progress, stage, step, total_steps, attempt, lease_owner,
            lease_expires_at, priority, deadline, idempotency_key, request_hash, error_code, error_message,
            created_at, started_at, finished_at, updated_at, version, checkpoint_key, preview_key, steps_per_second,
            eta_seconds, losses::text AS losses, device, original_sha256::text AS original_sha256, dispatched_at,
            queue_reason""";

    private static final ObjectMapper JSON = ContractJson.mapper();
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() { };
    private static final TypeReference<LinkedHashMap<String, Double>> LOSS_MAP = new TypeReference<>() { };

    private JobRows() {
    }

    static Job job(ResultSet row) throws SQLException {
        return new Job(
                row.getObject("id", java.util.UUID.class),
                row.getString("tenant_id"),
                kind(row),
                parse(row.getString("method"), Method::fromWireName, "method"),
                row.getString("params"),
                stringMap(row.getString("input_keys")),
                stringMap(row.getString("result_keys")),
                status(row.getString("status")),
                row.getDouble("progress"),
                Optional.ofNullable(row.getString("stage")),
                optionalInt(row, "step"),
                optionalInt(row, "total_steps"),
                row.getInt("attempt"),
                Optional.ofNullable(row.getString("lease_owner")),
                optionalInstant(row, "lease_expires_at"),
                row.getInt("priority"),
                optionalInstant(row, "deadline"),
                Optional.ofNullable(row.getString("idempotency_key")),
                Optional.ofNullable(row.getString("request_hash")),
                Optional.ofNullable(row.getString("error_code")),
                Optional.ofNullable(row.getString("error_message")),
                instant(row, "created_at"),
                optionalInstant(row, "started_at"),
                optionalInstant(row, "finished_at"),
                instant(row, "updated_at"),
                row.getLong("version"),
                Optional.ofNullable(row.getString("checkpoint_key")),
                Optional.ofNullable(row.getString("preview_key")),
                optionalDouble(row, "steps_per_second"),
                optionalDouble(row, "eta_seconds"),
                lossMap(row.getString("losses")),
                Optional.ofNullable(row.getString("device")),
                stringMap(row.getString("original_sha256")),
                optionalInstant(row, "dispatched_at"),
                Optional.ofNullable(row.getString("queue_reason")));
    }

    static JobEvent event(ResultSet row) throws SQLException {
        return new JobEvent(
                row.getLong("id"),
                row.getObject("job_id", java.util.UUID.class),
                row.getInt("attempt"),
                JobEventType.fromWireName(row.getString("type")),
                status(row.getString("status")),
                row.getString("payload"),
                instant(row, "at"));
    }

    static JobStatus status(String wireName) {
        return parse(wireName, JobStatus::fromWireName, "status");
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write as JSON: " + value, e);
        }
    }

    static JobKind kind(ResultSet row) throws SQLException {
        return parse(row.getString("kind"), JobKind::fromWireName, "kind");
    }

    static Instant instant(ResultSet row, String column) throws SQLException {
        return row.getObject(column, OffsetDateTime.class).toInstant();
    }

    static void setInstant(PreparedStatement statement, int index, Optional<Instant> value) throws SQLException {
        if (value.isPresent()) {
            statement.setObject(index, OffsetDateTime.ofInstant(value.get(), ZoneOffset.UTC));
        } else {
            statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        }
    }

    private static Optional<Instant> optionalInstant(ResultSet row, String column) throws SQLException {
        return Optional.ofNullable(row.getObject(column, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
    }

    private static Optional<Integer> optionalInt(ResultSet row, String column) throws SQLException {
        int value = row.getInt(column);
        return row.wasNull() ? Optional.empty() : Optional.of(value);
    }

    private static Optional<Double> optionalDouble(ResultSet row, String column) throws SQLException {
        double value = row.getDouble(column);
        return row.wasNull() ? Optional.empty() : Optional.of(value);
    }

    private static Map<String, Double> lossMap(String json) {
        if (json == null) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, LOSS_MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("losses in the database are not a JSON object of numbers: " + json, e);
        }
    }

    private static Map<String, String> stringMap(String json) {
        try {
            return JSON.readValue(json, STRING_MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("object keys in the database are not a JSON object: " + json, e);
        }
    }

    private static <T> T parse(String wireName, Function<String, Optional<T>> lookup, String what) {
        return lookup.apply(wireName)
                .orElseThrow(() -> new IllegalStateException("unknown " + what + " in database: " + wireName));
    }
}
