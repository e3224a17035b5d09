package dev.chimera.worker.models;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.jboss.logging.Logger;

import dev.chimera.storage.objects.ObjectStore;

/**
 * Model files on local disk under {@code <cache>/<family>/<version>/<name>}, downloaded from the object store once and
 * verified against the manifest's sha256 every time they are handed out, so neither a corrupt download nor a cached
 * file damaged later is ever loaded.
 */
final class ModelFileCache {

    private static final Logger LOG = Logger.getLogger(ModelFileCache.class);

    private final ObjectStore objects;
    private final Path root;

    ModelFileCache(ObjectStore objects, Path root) {
        this.objects = objects;
        this.root = root;
    }

    /** The verified local copy of {@code file}; a cached copy that fails verification is downloaded again once. */
    Path verifiedCopy(ModelManifest manifest, ModelFile file) {
        Path local = root.resolve(manifest.family()).resolve(manifest.version()).resolve(file.name());
        try {
            if (Files.exists(local)) {
                if (sha256(local).equals(file.sha256())) {
                    return local;
                }
                LOG.warnf("cached model file is damaged, downloading it again family=%s version=%s file=%s",
                        manifest.family(), manifest.version(), file.name());
            }
            download(manifest.prefix() + file.name(), local);
            String actual = sha256(local);
            if (!actual.equals(file.sha256())) {
                Files.deleteIfExists(local);
                throw new ModelCorruptException("model file " + manifest.prefix() + file.name() + " has sha256 "
                        + actual + " but its manifest records " + file.sha256());
            }
            LOG.infof("model file cached family=%s version=%s file=%s bytes=%d", manifest.family(),
                    manifest.version(), file.name(), Files.size(local));
            return local;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot cache model file " + local, e);
        }
    }

    private void download(String key, Path local) throws IOException {
        Files.createDirectories(local.getParent());
        Path partial = Files.createTempFile(local.getParent(), local.getFileName().toString(), ".part");
        try (InputStream in = objects.get(key)) {
            Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, local, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest = newDigest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(newDigest().digest(bytes));
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM provides SHA-256", e);
        }
    }
}
