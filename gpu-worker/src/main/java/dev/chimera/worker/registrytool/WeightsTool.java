package dev.chimera.worker.registrytool;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import ai.djl.ndarray.NDManager;
import dev.chimera.contract.ContractJson;
import dev.chimera.storage.objects.ObjectStore;
import dev.chimera.storage.objects.S3Settings;
import dev.chimera.worker.models.ModelFile;
import dev.chimera.worker.models.ModelManifest;
import dev.chimera.worker.models.ModelRegistry;
import dev.chimera.worker.models.ModelUnavailableException;

/**
 * The weights registry tool, {@code gpu-worker/bin/weights}: registers checkpoint files as model versions under
 * {@code models/<family>/<version>/} once they are proven to load into the worker's network, fetches the official
 * checkpoints from their published locations, lists versions and removes them, and describes a local checkpoint file.
 * Exit status 0 on success, 1 when the work failed, 2 for a wrong command line.
 */
public final class WeightsTool {

    static final String USAGE = """
            usage: weights COMMAND ...
              families                          the model families and their file roles
              list [FAMILY]                     registered versions (newest last)
              register FAMILY VERSION ROLE=SOURCE... [--config FILE] [--untrained] [--sha256 ROLE=HEX]...
                       [--source TEXT] [--licence TEXT] [--replace]
                                                verify and register weights; SOURCE is PATH_OR_URL[!ZIP_MEMBER][#PREFIX]
              fetch FAMILY [VERSION] [--sha256 HEX] [--mirror BASE_URL] [--config FILE] [--replace]
                                                download the official weights and register them (needs internet,
                                                or a mirror that keeps the publisher's paths)
              remove FAMILY VERSION             delete a version (manifest first, then its files)
              inspect FILE                      one line per tensor of a checkpoint file: name dtype [shape] sum=SUM
                                                (safetensors, torch zip or legacy; reads the file only)
            """;

    private final ModelRegistry registry;
    private final CheckpointImport checkpoints;
    private final PrintStream out;

    /** A tool over {@code registry}, downloading and unpacking under {@code workDir}, printing to {@code out}. */
    WeightsTool(ModelRegistry registry, Path workDir, PrintStream out) {
        this.registry = registry;
        this.checkpoints = new CheckpointImport(workDir);
        this.out = out;
    }

    /**
     * Runs one command; {@code inspect} reads a local file only, every other command connects to the object store the
     * {@code CHIMERA_S3_*} variables name.
     */
    public static void main(String[] args) {
        List<String> command = List.of(args);
        int status;
        if (!command.isEmpty() && command.get(0).equals("inspect")) {
            status = inspect(command.subList(1, command.size()), System.out, System.err);
        } else {
            Path workDir = Path.of(System.getProperty("java.io.tmpdir"), "chimera-weights");
            Map<String, String> env = System.getenv();
            Path cache = Path.of(env.getOrDefault("CHIMERA_MODEL_CACHE", ".chimera/models"));
            try (ObjectStore objects = new ObjectStore(S3Settings.fromEnvironment(env));
                 ModelRegistry registry = new ModelRegistry(objects, cache, Map.of(), NDManager.newBaseManager())) {
                objects.ensureBucket();
                status = new WeightsTool(registry, workDir, System.out).run(command, System.err);
            }
        }
        System.exit(status);
    }

    /** Runs {@code args}; errors go to {@code err} as one line each. Returns the exit status. */
    int run(List<String> args, PrintStream err) {
        if (args.isEmpty()) {
            err.print(USAGE);
            return 2;
        }
        List<String> rest = args.subList(1, args.size());
        return exitStatus(() -> {
            switch (args.get(0)) {
                case "families" -> families();
                case "list" -> list(rest);
                case "register" -> register(CommandLine.parse(rest, "--config", "--sha256", "--source", "--licence"));
                case "fetch" -> fetch(CommandLine.parse(rest, "--sha256", "--mirror", "--config"));
                case "remove" -> remove(rest);
                case "inspect" -> listTensors(rest, out);
                default -> throw new UsageException("unknown command " + args.get(0));
            }
        }, err);
    }

    /** Runs {@code inspect FILE}, the one command that needs no registry; returns the exit status. */
    static int inspect(List<String> args, PrintStream out, PrintStream err) {
        return exitStatus(() -> listTensors(args, out), err);
    }

    /** One command's work, which may fail. */
    @FunctionalInterface
    private interface Command {
        void run() throws IOException;
    }

    /** 0 when {@code command} succeeds; else its failure as one line on {@code err} and 1, or 2 with the usage. */
    private static int exitStatus(Command command, PrintStream err) {
        try {
            command.run();
            return 0;
        } catch (UsageException e) {
            err.println("weights: " + e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (IOException | RuntimeException e) {
            err.println("weights: " + e.getMessage());
            return 1;
        }
    }

    private static void listTensors(List<String> args, PrintStream out) throws IOException {
        if (args.size() != 1) {
            throw new UsageException("inspect needs exactly one FILE");
        }
        TensorListing.print(Path.of(args.get(0)), out);
    }

    private void families() {
        for (ModelFamily family : ModelFamilies.all()) {
            out.printf("%-20s roles: %s%s%s%n", family.name(), String.join(", ", family.requiredRoles()),
                    family.optionalRoles().isEmpty() ? "" : " (optional: " + String.join(", ",
                            family.optionalRoles()) + ")",
                    family.official().map(o -> "; official: " + o.url()).orElse(""));
        }
    }

    private void list(List<String> args) {
        List<String> families = args.isEmpty() ? registry.families() : List.of(args.get(0));
        out.printf("%-20s %-28s %-8s %-21s %12s  %s%n", "FAMILY", "VERSION", "TRAINED", "CREATED", "BYTES", "SOURCE");
        for (String family : families) {
            for (ModelManifest manifest : registry.manifests(family)) {
                long bytes = manifest.files().stream().mapToLong(ModelFile::size).sum();
                out.printf("%-20s %-28s %-8s %-21s %12d  %s%n", family, manifest.version(), manifest.trained(),
                        manifest.createdAt().toString().replaceAll("\\.\\d+Z$", "Z"), bytes, manifest.source());
            }
        }
    }

    private void register(CommandLine line) throws IOException {
        if (line.positional().size() < 3) {
            throw new UsageException("register needs FAMILY VERSION and at least one ROLE=SOURCE");
        }
        ModelFamily family = family(line.positional().get(0));
        String version = line.positional().get(1);
        List<RoleSource> sources = new ArrayList<>();
        for (String spec : line.positional().subList(2, line.positional().size())) {
            sources.add(RoleSource.parse(spec));
        }
        Map<String, String> hashes = new LinkedHashMap<>();
        for (String spec : line.values("--sha256")) {
            String[] parts = spec.split("=", 2);
            if (parts.length != 2) {
                throw new UsageException("--sha256 takes ROLE=HEX, was " + spec);
            }
            hashes.put(parts[0], parts[1]);
        }
        JsonNode config = config(line, family);
        String licence = line.value("--licence").orElse(family.licence());
        registerVerified(family, version, !line.flag("--untrained"), config, sources, hashes, line.value("--source"),
                licence, line.flag("--replace"));
    }

    private void fetch(CommandLine line) throws IOException {
        if (line.positional().isEmpty()) {
            throw new UsageException("fetch needs FAMILY");
        }
        ModelFamily family = family(line.positional().get(0));
        ModelFamily.OfficialWeights official = family.official().orElseThrow(() -> new IllegalArgumentException(
                "the official " + family.name() + " weights have no direct download link (they are on Google Drive);"
                        + " download them by hand and use: weights register " + family.name() + " VERSION "
                        + family.requiredRoles().get(0) + "=FILE"));
        String version = line.positional().size() > 1 ? line.positional().get(1) : "official";
        String url = line.value("--mirror").map(mirror -> mirrored(official.url(), mirror)).orElse(official.url());
        RoleSource source = new RoleSource(official.role(), url, Optional.empty(),
                Optional.ofNullable(official.prefix()));
        Map<String, String> hashes = line.value("--sha256").map(hex -> Map.of(official.role(), hex)).orElse(Map.of());
        registerVerified(family, version, true, config(line, family), List.of(source), hashes, Optional.empty(),
                family.licence(), line.flag("--replace"));
    }

    /** The manifest config from {@code --config FILE}, else the published network's. */
    private static JsonNode config(CommandLine line, ModelFamily family) throws IOException {
        Optional<String> file = line.value("--config");
        return file.isPresent() ? ContractJson.mapper().readTree(Files.readAllBytes(Path.of(file.get())))
                : family.publishedConfig();
    }

    /** The official URL's path under a mirror's base URL. */
    private static String mirrored(String url, String mirror) {
        String path = java.net.URI.create(url).getRawPath();
        return (mirror.endsWith("/") ? mirror.substring(0, mirror.length() - 1) : mirror) + path;
    }

    private void registerVerified(ModelFamily family, String version, boolean trained, JsonNode config,
            List<RoleSource> sources, Map<String, String> hashes, Optional<String> source, String licence,
            boolean replace) throws IOException {
        boolean exists = registry.manifests(family.name()).stream().anyMatch(m -> m.version().equals(version));
        if (exists && !replace) {
            throw new IllegalArgumentException("model " + family.name() + " version " + version
                    + " is already registered (--replace overwrites it)");
        }
        ModelManifest manifest;
        try (CheckpointImport.Imported imported = checkpoints.run(family, config, sources, hashes)) {
            if (exists) {
                registry.remove(family.name(), version);
            }
            String provenance = source.orElse(String.join("; ", imported.provenance()));
            manifest = registry.registerFiles(family.name(), version, trained, config, imported.files(), provenance,
                    licence);
        }
        out.printf("registered %s trained=%s files=%s%n", manifest.prefix(), trained,
                String.join(",", manifest.files().stream().map(f -> f.name() + " sha256:" + f.sha256()).toList()));
    }

    private void remove(List<String> args) {
        if (args.size() != 2) {
            throw new UsageException("remove needs FAMILY VERSION");
        }
        try {
            out.println("removed " + registry.remove(args.get(0), args.get(1)).prefix());
        } catch (ModelUnavailableException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static ModelFamily family(String name) {
        return ModelFamilies.named(name);
    }

    /** A command line the user got wrong: printed with the usage, exit status 2. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
