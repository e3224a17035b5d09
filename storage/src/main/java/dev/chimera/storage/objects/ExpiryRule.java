package dev.chimera.storage.objects;

import io.minio.messages.Expiration;
import io.minio.messages.LifecycleConfiguration;
import io.minio.messages.LifecycleRule;
import io.minio.messages.RuleFilter;
import io.minio.messages.Status;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A bucket lifecycle rule, named {@code id}, under which the S3 server deletes every object whose key starts with
 * {@code prefix} {@code days} days after it was written.
 */
public record ExpiryRule(String id, String prefix, int days) {

    /** Checks the rule: a name, a prefix (an empty one would expire the whole bucket) and at least one day. */
    public ExpiryRule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(prefix, "prefix");
        if (id.isBlank() || prefix.isEmpty()) {
            throw new IllegalArgumentException("an expiry rule needs a name and a key prefix, got '" + id + "' and '"
                    + prefix + "'");
        }
        if (days < 1) {
            throw new IllegalArgumentException("objects under " + prefix + " must live at least one day, not " + days);
        }
    }

    /**
     * The bucket's lifecycle configuration with this rule in it: {@code current}'s other rules kept (setting a
     * configuration replaces all of it), an earlier version of this rule (same id) replaced; {@code current} may be
     * null when the bucket has none.
     */
    public LifecycleConfiguration mergedInto(LifecycleConfiguration current) {
        List<LifecycleRule> rules = new ArrayList<>();
        if (current != null) {
            current.rules().stream().filter(rule -> !id.equals(rule.id())).forEach(rules::add);
        }
        rules.add(new LifecycleRule(Status.ENABLED, null, new Expiration((ZonedDateTime) null, days, null),
                new RuleFilter(prefix), id, null, null, null));
        return new LifecycleConfiguration(rules);
    }
}
