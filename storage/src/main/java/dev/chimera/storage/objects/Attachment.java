package dev.chimera.storage.objects;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How a presigned download is to be served: as an attachment under {@code fileName} with {@code contentType}, whatever
 * the stored object's own type. S3 and MinIO honour these as the {@code response-content-disposition} and
 * {@code response-content-type} query parameters of a signed GET.
 *
 * @param fileName letters, digits, {@code .}, {@code _} and {@code -} only, so the header needs no quoting rules
 */
public record Attachment(String fileName, String contentType) {

    private static final Pattern SAFE_FILE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,200}");
    private static final Pattern MEDIA_TYPE = Pattern.compile("[a-z]+/[a-z0-9.+-]+");

    public Attachment {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(contentType, "contentType");
        if (!SAFE_FILE_NAME.matcher(fileName).matches()) {
            throw new IllegalArgumentException("an attachment's file name is 1 to 200 of [A-Za-z0-9._-]: " + fileName);
        }
        if (!MEDIA_TYPE.matcher(contentType).matches()) {
            throw new IllegalArgumentException("not a plain media type: " + contentType);
        }
    }

    /** The value of the {@code Content-Disposition} header. */
    public String contentDisposition() {
        return "attachment; filename=\"" + fileName + "\"";
    }
}
