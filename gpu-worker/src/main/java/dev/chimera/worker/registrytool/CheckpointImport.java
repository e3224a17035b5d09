package dev.chimera.worker.registrytool;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import com.fasterxml.jackson.databind.JsonNode;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.chimera.model.weights.Checkpoints;
import dev.chimera.model.weights.SafetensorsWriter;
import dev.chimera.model.weights.SpectralNormFolding;
import dev.chimera.worker.models.ModelFile;
import dev.chimera.worker.models.ModelManifest;

/**
 * Turns published checkpoint files into the files of a model version: each role's tensors, read with the model core's
 * readers (safetensors, torch zip, legacy torch), spectral norm folded into plain weights, streamed to a
 * {@code <role>.safetensors} file (so workers never unpickle, and no file is ever held on the heap), and proven to fit
 * by loading the files into the family's network exactly as a worker would (strict names and shapes).
 */
final class CheckpointImport {

    private final Download download = new Download();
    private final Path workDir;

    /** An import that keeps downloads and extracted archive members under {@code workDir}. */
    CheckpointImport(Path workDir) {
        this.workDir = workDir;
    }

    /**
     * The role files of a version, written under {@code dir}, and for each source the sha256 of the file it came
     * from; closing it deletes the files.
     */
    record Imported(Path dir, Map<String, Path> files, List<String> provenance) implements AutoCloseable {

        @Override
        public void close() throws IOException {
            try (var paths = Files.walk(dir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    /**
     * Reads every role's tensors, writes them as {@code <role>.safetensors} files and verifies they load into
     * {@code family}'s network of {@code config}. The caller closes the result to delete the files.
     *
     * @param expectedSha256 sha256 (hex) by role of the downloaded or local file; a mismatch refuses the import
     * @throws IllegalArgumentException if a role is unknown, missing or given twice, or a hash does not match
     * @throws IOException if a file cannot be read or downloaded
     * @throws RuntimeException from the model core when a file is not a checkpoint or does not fit the network
     */
    Imported run(ModelFamily family, JsonNode config, List<RoleSource> sources, Map<String, String> expectedSha256)
            throws IOException {
        checkRoles(family, sources);
        Files.createDirectories(workDir);
        Imported imported = new Imported(Files.createTempDirectory(workDir, "import-"), new LinkedHashMap<>(),
                new ArrayList<>());
        try {
            convert(family, sources, expectedSha256, imported);
            verifyLoads(family, config, imported.files());
            return imported;
        } catch (IOException | RuntimeException e) {
            imported.close();
            throw e;
        }
    }

    private void convert(ModelFamily family, List<RoleSource> sources, Map<String, String> expectedSha256,
            Imported imported) throws IOException {
        Map<String, Path> fetched = new LinkedHashMap<>();
        for (RoleSource source : sources) {
            Path file = fetched.get(source.location());
            if (file == null) {
                file = localCopy(source);
                fetched.put(source.location(), file);
            }
            String sha256 = Download.sha256(file);
            String expected = expectedSha256.get(source.role());
            if (expected != null && !expected.toLowerCase(Locale.ROOT).equals(sha256)) {
                throw new IllegalArgumentException("the " + source.role() + " file " + source.location()
                        + " has sha256 " + sha256 + ", expected " + expected);
            }
            Path checkpoint = source.zipMember().isPresent() ? extract(file, source.zipMember().get()) : file;
            if (family.isPlainFile(source.role())) {
                String name = family.plainFiles().get(source.role());
                imported.files().put(name, Files.copy(checkpoint, imported.dir().resolve(name)));
            } else {
                convertCheckpoint(family, source, sources, checkpoint, imported);
            }
            imported.provenance().add(source.role() + ": " + source.location() + source.zipMember()
                    .map(m -> "!" + m).orElse("") + source.prefix().map(p -> "#" + p).orElse("") + " (sha256 "
                    + sha256 + ")");
        }
    }

    private static void convertCheckpoint(ModelFamily family, RoleSource source, List<RoleSource> sources,
            Path checkpoint, Imported imported) throws IOException {
        String name = source.role() + ".safetensors";
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, NDArray> tensors = SpectralNormFolding.fold(
                    select(family, source, sources, Checkpoints.read(checkpoint, manager)));
            if (tensors.isEmpty()) {
                throw new IllegalArgumentException("the " + source.role() + " source " + source.location()
                        + source.prefix().map(p -> " has no tensor under prefix " + p).orElse(" has no tensor"));
            }
            imported.files().put(name, write(tensors, imported.dir().resolve(name)));
        }
    }

    private static void checkRoles(ModelFamily family, List<RoleSource> sources) {
        List<String> given = new ArrayList<>();
        for (RoleSource source : sources) {
            if (!family.hasRole(source.role())) {
                throw new IllegalArgumentException("model family " + family.name() + " has no role "
                        + source.role() + "; its roles: " + String.join(", ", family.requiredRoles())
                        + (family.optionalRoles().isEmpty() ? "" : " and optionally "
                                + String.join(", ", family.optionalRoles())));
            }
            if (given.contains(source.role())) {
                throw new IllegalArgumentException("role " + source.role() + " is given twice");
            }
            given.add(source.role());
        }
        for (String required : family.requiredRoles()) {
            if (!given.contains(required)) {
                throw new IllegalArgumentException("model family " + family.name() + " needs a " + required
                        + " file (" + required + "=PATH_OR_URL)");
            }
        }
    }

    private Path localCopy(RoleSource source) throws IOException {
        if (!source.remote()) {
            Path file = Path.of(source.location());
            if (!Files.isRegularFile(file)) {
                throw new IOException("no such file: " + file);
            }
            return file;
        }
        String name = source.location().substring(source.location().lastIndexOf('/') + 1).replaceAll("[^\\w.-]", "_");
        return download.fetch(source.location(), workDir.resolve("download-" + name)).file();
    }

    private Path extract(Path archive, String member) throws IOException {
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            ZipEntry entry = zip.getEntry(member);
            if (entry == null || entry.isDirectory()) {
                throw new IOException(archive + " has no file " + member);
            }
            Path target = workDir.resolve("member-" + member.replaceAll("[^\\w.-]", "_"));
            try (InputStream in = zip.getInputStream(entry)) {
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        }
    }

    /**
     * The role's tensors: those under its prefix (stripped); without a prefix, those under the family's
     * {@link ModelFamily#nestedUnder} key if the file has it, else the file's tensors except those another role of the
     * same file claims by prefix (a clVAE checkpoint holding G and {@code E.*} together).
     */
    private static Map<String, NDArray> select(ModelFamily family, RoleSource source, List<RoleSource> all,
            Map<String, NDArray> tensors) {
        if (source.prefix().isPresent()) {
            return Checkpoints.withPrefix(tensors, source.prefix().get());
        }
        Optional<String> nested = family.nestedUnder()
                .filter(prefix -> tensors.keySet().stream().anyMatch(name -> name.startsWith(prefix)));
        if (nested.isPresent()) {
            return Checkpoints.withPrefix(tensors, nested.get());
        }
        Map<String, NDArray> selected = tensors;
        for (RoleSource other : all) {
            if (other != source && other.sameFileAs(source) && other.prefix().isPresent()) {
                selected = Checkpoints.withoutPrefix(selected, other.prefix().get());
            }
        }
        return selected;
    }

    private static Path write(Map<String, NDArray> tensors, Path file) throws IOException {
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            SafetensorsWriter.write(tensors, out);
        }
        return file;
    }

    /** Loads the files into the family's network with the worker's own loader, then frees it. */
    private static void verifyLoads(ModelFamily family, JsonNode config, Map<String, Path> files) throws IOException {
        List<ModelFile> listed = new ArrayList<>();
        for (Map.Entry<String, Path> file : files.entrySet()) {
            listed.add(new ModelFile(file.getKey(), "unverified", Files.size(file.getValue())));
        }
        ModelManifest candidate = new ModelManifest(family.name(), "candidate", false, Instant.now(), config, listed,
                "import", "import");
        try (NDManager manager = NDManager.newBaseManager()) {
            family.loader().load(candidate, files, manager);
        }
    }
}
