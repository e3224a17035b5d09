package dev.chimera.worker.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import ai.djl.ndarray.NDManager;
import dev.chimera.worker.models.DemoWeights;
import dev.chimera.worker.models.LoadedModel;
import dev.chimera.worker.models.ModelFile;
import dev.chimera.worker.models.ModelLoader;
import dev.chimera.worker.models.ModelManifest;
import dev.chimera.worker.models.ModelSource;

/** The demo networks written to a local directory and loaded by the real loaders, without an object store. */
final class DemoModelSource implements ModelSource, AutoCloseable {

    private final Path directory;
    private final NDManager manager = NDManager.newBaseManager();
    private final Map<String, LoadedModel<?>> loaded = new ConcurrentHashMap<>();

    DemoModelSource(Path directory) {
        this.directory = directory;
    }

    @Override
    public <T> LoadedModel<T> load(String family, ModelLoader<T> loader) {
        @SuppressWarnings("unchecked")
        LoadedModel<T> model = (LoadedModel<T>) loaded.computeIfAbsent(family, f -> build(f, loader));
        return model;
    }

    private <T> LoadedModel<T> build(String family, ModelLoader<T> loader) {
        DemoWeights.DemoModel demo = DemoWeights.build(family);
        try {
            Path folder = Files.createDirectories(directory.resolve(family));
            Map<String, Path> files = new LinkedHashMap<>();
            List<ModelFile> listed = new ArrayList<>();
            for (Map.Entry<String, byte[]> file : demo.files().entrySet()) {
                files.put(file.getKey(), Files.write(folder.resolve(file.getKey()), file.getValue()));
                listed.add(new ModelFile(file.getKey(), "not-checked-here", file.getValue().length));
            }
            ModelManifest manifest = new ModelManifest(family, "demo-test", false, Instant.now(), demo.config(),
                    listed, "test", "test");
            return new LoadedModel<>(manifest, loader.load(manifest, files, manager));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
