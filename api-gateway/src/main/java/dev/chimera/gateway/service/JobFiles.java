package dev.chimera.gateway.service;

import dev.chimera.storage.objects.Attachment;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The name and type a job's file is downloaded as, on both paths (the gateway's download endpoints and presigned S3
 * URLs): {@code <job id>-<file name>}, typed by the file name's extension, never by what was stored or what the
 * bytes look like.
 */
public final class JobFiles {

    private static final Map<String, String> TYPES = Map.of("png", "image/png", "gif", "image/gif",
            "json", "application/json", "zip", "application/zip");
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private JobFiles() {
    }

    /** A result file, by its name in the job's results (e.g. {@code output.png}). */
    public static Attachment result(UUID jobId, String name) {
        return attachment(jobId, name);
    }

    /** An input, stored as its canonical PNG. */
    public static Attachment input(UUID jobId, String role) {
        return attachment(jobId, role + ".png");
    }

    /** A file under its object key, named after the key's last segment (e.g. a training preview). */
    public static Attachment stored(UUID jobId, String key) {
        return attachment(jobId, key.substring(key.lastIndexOf('/') + 1));
    }

    private static Attachment attachment(UUID jobId, String fileName) {
        String safeName = SAFE_NAME.matcher(fileName).matches() ? fileName : "download";
        return new Attachment(jobId + "-" + safeName, typeOf(safeName));
    }

    private static String typeOf(String fileName) {
        int dot = fileName.lastIndexOf('.');
        String extension = dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(extension, "application/octet-stream");
    }
}
