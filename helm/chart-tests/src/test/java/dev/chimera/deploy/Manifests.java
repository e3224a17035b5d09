package dev.chimera.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.StreamSupport;

/** The Kubernetes objects of one rendered release, parsed from Helm's multi-document YAML. */
final class Manifests {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final List<JsonNode> objects;

    private Manifests(List<JsonNode> objects) {
        this.objects = List.copyOf(objects);
    }

    static Manifests parse(String rendered) {
        List<JsonNode> objects = new ArrayList<>();
        try (var documents = YAML.readerFor(JsonNode.class).<JsonNode>readValues(rendered)) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document != null && !document.isNull() && !document.isEmpty()) {
                    objects.add(document);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("rendered chart is not YAML", e);
        }
        return new Manifests(objects);
    }

    List<JsonNode> all() {
        return objects;
    }

    List<JsonNode> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    JsonNode named(String kind, String name) {
        return ofKind(kind).stream()
                .filter(o -> name.equals(o.path("metadata").path("name").asText()))
                .findFirst()
                .orElseThrow(() -> new NoSuchElementException("no " + kind + " named " + name + " in " + names()));
    }

    /** Every Deployment's pod spec containers, each with the name of the Deployment it belongs to. */
    List<Container> deploymentContainers() {
        List<Container> containers = new ArrayList<>();
        for (JsonNode deployment : ofKind("Deployment")) {
            String owner = deployment.path("metadata").path("name").asText();
            JsonNode podSpec = deployment.path("spec").path("template").path("spec");
            podSpec.path("containers").forEach(c -> containers.add(new Container(owner, podSpec, c)));
        }
        return containers;
    }

    private List<String> names() {
        return objects.stream()
                .map(o -> o.path("kind").asText() + "/" + o.path("metadata").path("name").asText())
                .toList();
    }

    /** One container of a workload, with its pod spec. */
    record Container(String owner, JsonNode podSpec, JsonNode spec) {

        String name() {
            return owner + "/" + spec.path("name").asText();
        }

        /** The literal value of environment variable {@code name}, or null when absent or not a literal. */
        String env(String variable) {
            return StreamSupport.stream(spec.path("env").spliterator(), false)
                    .filter(e -> variable.equals(e.path("name").asText()) && e.has("value"))
                    .map(e -> e.path("value").asText())
                    .findFirst()
                    .orElse(null);
        }

        JsonNode envEntry(String variable) {
            return StreamSupport.stream(spec.path("env").spliterator(), false)
                    .filter(e -> variable.equals(e.path("name").asText()))
                    .findFirst()
                    .orElseThrow(() -> new NoSuchElementException(name() + " has no env " + variable));
        }
    }
}
