package dev.chimera.worker.models;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import ai.djl.ndarray.NDManager;
import dev.chimera.contract.ContractJson;
import dev.chimera.storage.objects.ObjectInfo;
import dev.chimera.storage.objects.ObjectNotFoundException;
import dev.chimera.storage.objects.ObjectStore;

/**
 * Model weights in the object store under {@code models/<family>/<version>/} with a {@code manifest.json}. A family
 * resolves to the version pinned by {@code CHIMERA_MODEL_<FAMILY>_VERSION} (family upper-cased, '-' as '_') or else
 * to the newest registered one; its files are cached on local disk, verified by sha256, and the loaded network is
 * kept in memory for the next job.
 */
public final class ModelRegistry implements ModelSource, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ModelRegistry.class);

    private final ObjectStore objects;
    private final ModelFileCache files;
    private final Map<String, String> environment;
    private final NDManager modelArrays;
    private final Map<String, ModelManifest> manifests = new ConcurrentHashMap<>();
    private final Map<String, LoadedModel<?>> loaded = new ConcurrentHashMap<>();

    /**
     * A registry over {@code objects} caching files under {@code cacheDir}; loaded networks live in arrays of
     * {@code modelArrays}, which the registry closes with itself.
     */
    public ModelRegistry(ObjectStore objects, Path cacheDir, Map<String, String> environment, NDManager modelArrays) {
        this.objects = Objects.requireNonNull(objects, "objects");
        this.files = new ModelFileCache(objects, cacheDir);
        this.environment = Map.copyOf(environment);
        this.modelArrays = Objects.requireNonNull(modelArrays, "modelArrays");
    }

    /** The name of the variable that pins a family's version, e.g. {@code CHIMERA_MODEL_CLVAE_ADE20K_VERSION}. */
    public static String pinVariable(String family) {
        return "CHIMERA_MODEL_" + family.toUpperCase(Locale.ROOT).replace('-', '_') + "_VERSION";
    }

    /**
     * Uploads the files, then the manifest that makes the version visible, so a reader never sees a manifest whose
     * files are still missing.
     */
    public ModelManifest register(String family, String version, boolean trained, JsonNode config,
            Map<String, byte[]> content, String source, String licence) {
        List<ModelFile> listed = new ArrayList<>();
        String prefix = ModelKeys.versionPrefix(family, version);
        content.forEach((name, bytes) -> {
            ModelFile file = new ModelFile(name, ModelFileCache.sha256(bytes), bytes.length);
            objects.put(prefix + name, bytes, "application/octet-stream");
            listed.add(file);
        });
        return publish(family, version, trained, config, listed, source, licence);
    }

    /**
     * Uploads the local files by streaming them (a file of any size, hashed on disk and sent in parts), then the
     * manifest that makes the version visible, as {@link #register} does.
     */
    public ModelManifest registerFiles(String family, String version, boolean trained, JsonNode config,
            Map<String, Path> files, String source, String licence) throws IOException {
        List<ModelFile> listed = new ArrayList<>();
        String prefix = ModelKeys.versionPrefix(family, version);
        for (Map.Entry<String, Path> local : files.entrySet()) {
            long size = Files.size(local.getValue());
            ModelFile file = new ModelFile(local.getKey(), ModelFileCache.sha256(local.getValue()), size);
            try (InputStream in = Files.newInputStream(local.getValue())) {
                objects.put(prefix + local.getKey(), in, size, "application/octet-stream");
            }
            listed.add(file);
        }
        return publish(family, version, trained, config, listed, source, licence);
    }

    private ModelManifest publish(String family, String version, boolean trained, JsonNode config,
            List<ModelFile> listed, String source, String licence) {
        String prefix = ModelKeys.versionPrefix(family, version);
        ModelManifest manifest = new ModelManifest(family, version, trained, Instant.now(), config, listed, source,
                licence);
        try {
            objects.put(prefix + ModelKeys.MANIFEST, ContractJson.mapper().writeValueAsBytes(manifest),
                    "application/json");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise the manifest of " + prefix, e);
        }
        LOG.infof("model registered family=%s version=%s trained=%s files=%d", family, version, trained,
                listed.size());
        return manifest;
    }

    /** Every family with at least one registered version, in name order. */
    public List<String> families() {
        return objects.list("models/").stream()
                .map(object -> object.key().substring("models/".length()))
                .filter(rest -> rest.endsWith("/" + ModelKeys.MANIFEST) && rest.split("/").length == 3)
                .map(rest -> rest.substring(0, rest.indexOf('/')))
                .distinct()
                .sorted()
                .toList();
    }

    /** The manifests of every registered version of {@code family}, oldest first. */
    public List<ModelManifest> manifests(String family) {
        return versions(family).stream()
                .map(version -> manifest(family, version))
                .flatMap(Optional::stream)
                .sorted(Comparator.comparing(ModelManifest::createdAt))
                .toList();
    }

    /**
     * Removes a version: its manifest first, so no worker resolves the version while its files go, then the files.
     *
     * @throws ModelUnavailableException if the version is not registered
     */
    public ModelManifest remove(String family, String version) {
        ModelManifest manifest = manifest(family, version).orElseThrow(() -> new ModelUnavailableException("model "
                + family + " version " + version + " is not registered"));
        String prefix = manifest.prefix();
        objects.delete(prefix + ModelKeys.MANIFEST);
        manifests.remove(prefix + ModelKeys.MANIFEST);
        for (ObjectInfo object : objects.list(prefix)) {
            objects.delete(object.key());
        }
        LOG.infof("model removed family=%s version=%s", family, version);
        return manifest;
    }

    /** Whether any version of {@code family} is registered. */
    public boolean hasVersion(String family) {
        return !versions(family).isEmpty();
    }

    /** The manifest of the pinned or else newest version of {@code family}. */
    public ModelManifest resolve(String family) {
        Optional<String> pinned = Optional.ofNullable(environment.get(pinVariable(family))).filter(v -> !v.isBlank());
        if (pinned.isPresent()) {
            return manifest(family, pinned.get()).orElseThrow(() -> new ModelUnavailableException("model " + family
                    + " version " + pinned.get() + " (pinned by " + pinVariable(family) + ") is not registered"));
        }
        return versions(family).stream()
                .map(version -> manifest(family, version))
                .flatMap(Optional::stream)
                .max(Comparator.comparing(ModelManifest::createdAt))
                .orElseThrow(() -> new ModelUnavailableException("no version of model " + family
                        + " is registered under " + ModelKeys.familyPrefix(family)));
    }

    /** The network of the family's current version, loaded by {@code loader} on first use and kept in memory after. */
    @Override
    public <T> LoadedModel<T> load(String family, ModelLoader<T> loader) {
        ModelManifest manifest = resolve(family);
        @SuppressWarnings("unchecked")
        LoadedModel<T> model = (LoadedModel<T>) loaded.computeIfAbsent(manifest.prefix(),
                prefix -> new LoadedModel<>(manifest, loadNetwork(manifest, loader)));
        return model;
    }

    /** The verified local copies of every file of {@code manifest}, by file name. */
    public Map<String, Path> localFiles(ModelManifest manifest) {
        Map<String, Path> local = new LinkedHashMap<>();
        for (ModelFile file : manifest.files()) {
            local.put(file.name(), files.verifiedCopy(manifest, file));
        }
        return local;
    }

    @Override
    public void close() {
        loaded.clear();
        modelArrays.close();
    }

    private <T> T loadNetwork(ModelManifest manifest, ModelLoader<T> loader) {
        Map<String, Path> local = localFiles(manifest);
        long started = System.nanoTime();
        try {
            T network = loader.load(manifest, local, modelArrays);
            LOG.infof("model loaded family=%s version=%s trained=%s device=%s ms=%d", manifest.family(),
                    manifest.version(), manifest.trained(), modelArrays.getDevice(),
                    (System.nanoTime() - started) / 1_000_000);
            return network;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load model " + manifest.prefix(), e);
        }
    }

    private List<String> versions(String family) {
        String prefix = ModelKeys.familyPrefix(family);
        List<String> versions = new ArrayList<>();
        for (ObjectInfo object : objects.list(prefix)) {
            String rest = object.key().substring(prefix.length());
            if (rest.endsWith("/" + ModelKeys.MANIFEST) && rest.indexOf('/') == rest.lastIndexOf('/')) {
                versions.add(rest.substring(0, rest.indexOf('/')));
            }
        }
        return versions;
    }

    private Optional<ModelManifest> manifest(String family, String version) {
        String key = ModelKeys.versionPrefix(family, version) + ModelKeys.MANIFEST;
        ModelManifest cached = manifests.get(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        try (InputStream in = objects.get(key)) {
            ModelManifest read = ContractJson.mapper().readValue(in, ModelManifest.class);
            manifests.put(key, read);
            return Optional.of(read);
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the manifest " + key, e);
        }
    }
}
