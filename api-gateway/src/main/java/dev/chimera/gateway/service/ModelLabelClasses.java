package dev.chimera.gateway.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chimera.contract.ContractJson;
import dev.chimera.contract.params.ClvaeParams;
import dev.chimera.contract.params.MethodParams;
import dev.chimera.gateway.config.GatewayConfig;
import dev.chimera.storage.objects.ObjectInfo;
import dev.chimera.storage.objects.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * How many label classes the model version a synthesis job will use knows, read as the worker's registry resolves
 * a version: the one its {@code CHIMERA_MODEL_<FAMILY>_VERSION} pins, else the newest manifest under
 * {@code models/<family>/}, whose {@code config.semanticNc} counts the classes. A pin set on the workers only is not
 * seen here: give the gateway the same variable. Read at most every {@code chimera.model-classes-max-age}.
 */
@ApplicationScoped
public class ModelLabelClasses {

    private static final String MANIFEST = "manifest.json";

    private final Function<String, List<JsonNode>> manifests;
    private final Function<String, String> environment;
    private final long maxAgeNanos;
    private final LongSupplier clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    @Inject
    public ModelLabelClasses(ObjectStore objects, GatewayConfig config) {
        this(family -> readManifests(objects, family), System::getenv, config.modelClassesMaxAge(), System::nanoTime);
    }

    ModelLabelClasses(Function<String, List<JsonNode>> manifests, Function<String, String> environment,
                      Duration maxAge, LongSupplier clock) {
        this.manifests = manifests;
        this.environment = environment;
        this.maxAgeNanos = maxAge.toNanos();
        this.clock = clock;
    }

    /** The class count a label map of a job with {@code params} must stay below; empty for other methods. */
    public OptionalInt forJob(MethodParams params) {
        if (!(params instanceof ClvaeParams clvae)) {
            return OptionalInt.empty();
        }
        String family = "clvae-" + clvae.dataset().wireName().toLowerCase(Locale.ROOT);
        long now = clock.getAsLong();
        Cached cached = cache.get(family);
        if (cached == null || now - cached.readAt() >= maxAgeNanos) {
            cached = new Cached(classesOf(family), now);
            cache.put(family, cached);
        }
        return cached.classes();
    }

    private OptionalInt classesOf(String family) {
        Optional<String> pinned = Optional.ofNullable(environment.apply(pinVariable(family)))
                .filter(version -> !version.isBlank());
        JsonNode chosen = null;
        for (JsonNode manifest : manifests.apply(family)) {
            if (pinned.isPresent()) {
                if (pinned.get().equals(manifest.path("version").asText())) {
                    chosen = manifest;
                }
            } else if (chosen == null || createdAt(manifest).isAfter(createdAt(chosen))) {
                chosen = manifest;
            }
        }
        JsonNode classes = chosen == null ? null : chosen.path("config").path("semanticNc");
        return classes != null && classes.canConvertToInt() && classes.asInt() > 0
                ? OptionalInt.of(classes.asInt()) : OptionalInt.empty();
    }

    private static String pinVariable(String family) {
        return "CHIMERA_MODEL_" + family.toUpperCase(Locale.ROOT).replace('-', '_') + "_VERSION";
    }

    private static Instant createdAt(JsonNode manifest) {
        try {
            return Instant.parse(manifest.path("createdAt").asText());
        } catch (RuntimeException e) {
            return Instant.MIN;
        }
    }

    private static List<JsonNode> readManifests(ObjectStore objects, String family) {
        ObjectMapper json = ContractJson.mapper();
        String prefix = "models/" + family + "/";
        List<JsonNode> read = new ArrayList<>();
        for (ObjectInfo object : objects.list(prefix)) {
            String rest = object.key().substring(prefix.length());
            if (rest.endsWith("/" + MANIFEST) && rest.indexOf('/') == rest.length() - MANIFEST.length() - 1) {
                try (InputStream content = objects.get(object.key())) {
                    read.add(json.readTree(content));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the model manifest " + object.key(), e);
                }
            }
        }
        return read;
    }

    private record Cached(OptionalInt classes, long readAt) {
    }
}
