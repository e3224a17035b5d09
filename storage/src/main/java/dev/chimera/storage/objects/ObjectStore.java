package dev.chimera.storage.objects;

import io.minio.BucketExistsArgs;
import io.minio.GetBucketLifecycleArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.SetBucketLifecycleArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.ServerException;
import io.minio.messages.Item;
import io.minio.messages.LifecycleConfiguration;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.jboss.logging.Logger;

/**
 * Chimera's objects (inputs/, results/, checkpoints/, models/) in one S3 bucket, through one shared MinIO client.
 * Objects already in memory are PUT in one request signed here and sent synchronously through OkHttp (the SDK's own
 * transport): the submit path stores two inputs per job, and the SDK's per-request signing and asynchronous request
 * machinery cost more CPU than the rest of the PUT.
 * Close the store when done: the MinIO client's HTTP threads otherwise linger for a minute.
 */
public final class ObjectStore implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ObjectStore.class);

    /** Objects larger than this are uploaded in parts of this size (S3's minimum part size is 5 MiB). */
    public static final long PART_SIZE = 5L * 1024 * 1024;

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration TRANSFER_TIMEOUT = Duration.ofMinutes(2);
    private static final Set<String> MISSING_OBJECT_CODES = Set.of("NoSuchKey", "NoSuchObject", "NoSuchBucket");
    // A server that is stopping, overloaded or behind a gateway that lost it: S3 asks clients to retry these.
    private static final Set<Integer> UNAVAILABLE_STATUSES = Set.of(500, 502, 503, 504);
    private static final Set<String> UNAVAILABLE_CODES = Set.of("InternalError", "ServiceUnavailable", "SlowDown");
    /** What S3 servers without bucket lifecycle support answer. */
    private static final Set<String> LIFECYCLE_UNSUPPORTED_CODES = Set.of("NotImplemented", "NotSupported");
    // Every request thread of a busy gateway may PUT at once; the connections stay open between submits.
    private static final int IDLE_CONNECTIONS = 32;

    /** One call to the MinIO client, which declares a wide set of checked exceptions. */
    @FunctionalInterface
    private interface S3Call<T> {
        T call() throws Exception;
    }

    private final MinioClient client;
    private final OkHttpClient http;
    private final SigV4Signer signer;
    private final S3Settings settings;

    /** A store on the configured bucket; call {@link #ensureBucket()} once before the first write. */
    public ObjectStore(S3Settings settings) {
        this.settings = settings;
        this.client = MinioClient.builder()
                .endpoint(settings.endpoint())
                .region(settings.region())
                .credentials(settings.accessKey(), settings.secretKey())
                .build();
        client.setTimeout(CONNECT_TIMEOUT.toMillis(), TRANSFER_TIMEOUT.toMillis(), TRANSFER_TIMEOUT.toMillis());
        this.http = new OkHttpClient.Builder()
                .connectTimeout(CONNECT_TIMEOUT)
                .readTimeout(TRANSFER_TIMEOUT)
                .writeTimeout(TRANSFER_TIMEOUT)
                .connectionPool(new ConnectionPool(IDLE_CONNECTIONS, 1, TimeUnit.MINUTES))
                .build();
        this.signer = new SigV4Signer(URI.create(settings.endpoint()), settings.accessKey(),
                settings.secretKey(), settings.region());
    }

    /** The bucket this store reads and writes. */
    public String bucket() {
        return settings.bucket();
    }

    /** Creates the bucket unless it exists; safe to call from several processes at once. */
    public void ensureBucket() {
        call(settings.bucket(), () -> {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(settings.bucket()).build())) {
                try {
                    client.makeBucket(MakeBucketArgs.builder().bucket(settings.bucket()).build());
                    LOG.infof("bucket created endpoint=%s bucket=%s", settings.endpoint(), settings.bucket());
                } catch (ErrorResponseException e) {
                    if (!isBucketAlreadyThere(e)) {
                        throw e;
                    }
                }
            }
            return null;
        });
    }

    /**
     * Makes the server delete the objects {@code rule} names once they are its days old, keeping the bucket's other
     * lifecycle rules; false (logged) when the server keeps no lifecycle rules (S3Proxy on the local stack), where
     * nothing expires.
     */
    public boolean applyExpiry(ExpiryRule rule) {
        try {
            call(settings.bucket(), () -> {
                LifecycleConfiguration current = client.getBucketLifecycle(
                        GetBucketLifecycleArgs.builder().bucket(settings.bucket()).build());
                client.setBucketLifecycle(SetBucketLifecycleArgs.builder().bucket(settings.bucket())
                        .config(rule.mergedInto(current)).build());
                return null;
            });
        } catch (ObjectStoreException e) {
            if (e.getCause() instanceof ErrorResponseException refused
                    && LIFECYCLE_UNSUPPORTED_CODES.contains(refused.errorResponse().code())) {
                LOG.warnf("objects never expire: the S3 server keeps no lifecycle rules endpoint=%s bucket=%s"
                        + " prefix=%s", settings.endpoint(), settings.bucket(), rule.prefix());
                return false;
            }
            throw e;
        }
        LOG.infof("objects expire bucket=%s prefix=%s days=%d rule=%s", settings.bucket(), rule.prefix(),
                rule.days(), rule.id());
        return true;
    }

    /**
     * Streams {@code size} bytes from {@code content} to {@code key}. Objects larger than {@link #PART_SIZE} go up
     * as a multipart upload, so memory use stays at one part whatever the size.
     */
    public void put(String key, InputStream content, long size, String contentType) {
        call(key, () -> client.putObject(PutObjectArgs.builder()
                .bucket(settings.bucket())
                .object(key)
                .stream(content, size, PART_SIZE)
                .contentType(contentType)
                .build()));
    }

    /** Stores {@code bytes} under {@code key} in one PUT; the server checks them against their signed SHA-256. */
    public void put(String key, byte[] bytes, String contentType) {
        String path = "/" + settings.bucket() + "/" + key;
        Request.Builder request = new Request.Builder()
                .url(signer.url(path).toString())
                .put(RequestBody.create(bytes, MediaType.get(contentType)));
        signer.authorizationHeaders("PUT", path, Map.of(), SigV4Signer.sha256Hex(bytes),
                Instant.now().truncatedTo(ChronoUnit.SECONDS)).forEach(request::header);
        try (Response response = http.newCall(request.build()).execute()) {
            if (!response.isSuccessful()) {
                throw refusal(key, response.code(), response.body().string());
            }
        } catch (IOException e) {
            throw new ObjectStoreUnavailableException(settings.endpoint(), e);
        }
    }

    /** Stores {@code bytes} under {@code prefix + sha256(bytes)} and returns that key. */
    public String putContentAddressed(String prefix, byte[] bytes, String contentType) {
        String key = ContentAddress.keyFor(prefix, bytes);
        put(key, bytes, contentType);
        return key;
    }

    /** Opens the object's content; the caller closes the stream. */
    public InputStream get(String key) {
        return call(key, () -> client.getObject(GetObjectArgs.builder().bucket(settings.bucket()).object(key).build()));
    }

    /** Size, etag, modification time and content type of the object. */
    public ObjectInfo stat(String key) {
        StatObjectResponse stat = call(key,
                () -> client.statObject(StatObjectArgs.builder().bucket(settings.bucket()).object(key).build()));
        return new ObjectInfo(key, stat.size(), stat.etag(), stat.lastModified().toInstant(),
                Optional.ofNullable(stat.contentType()));
    }

    /** Every object whose key starts with {@code prefix}, in key order, at any depth. */
    public List<ObjectInfo> list(String prefix) {
        return call(prefix, () -> {
            List<ObjectInfo> objects = new ArrayList<>();
            for (Result<Item> result : client.listObjects(ListObjectsArgs.builder()
                    .bucket(settings.bucket()).prefix(prefix).recursive(true).build())) {
                Item item = result.get();
                objects.add(new ObjectInfo(item.objectName(), item.size(), item.etag(),
                        item.lastModified().toInstant(), Optional.empty()));
            }
            return objects;
        });
    }

    /** Deletes the object; deleting a missing key is not an error (S3 semantics). */
    public void delete(String key) {
        call(key, () -> {
            client.removeObject(RemoveObjectArgs.builder().bucket(settings.bucket()).object(key).build());
            return null;
        });
    }

    /**
     * A URL that lets anyone holding it GET the object until {@code expiry} has passed (1 second to 7 days),
     * without credentials. Signing is local: this works even while the server is down.
     */
    public URI presignedGet(String key, Duration expiry) {
        return presignedGet(key, Instant.now(), expiry);
    }

    /**
     * The URL of {@link #presignedGet(String, Duration)} as signed at {@code signedAt} (which must not lie in the
     * future, by the server's clock): valid until {@code signedAt + expiry}, and the same for the same arguments.
     */
    public URI presignedGet(String key, Instant signedAt, Duration expiry) {
        return signer.presignGet("/" + settings.bucket() + "/" + key, signedAt, expiry);
    }

    /**
     * The URL of {@link #presignedGet(String, Instant, Duration)} that S3 answers as {@code attachment}: the signed
     * {@code response-content-disposition} and {@code response-content-type} parameters make the server send those
     * headers, so a browser saves the file under its name and type instead of rendering what the bytes look like.
     */
    public URI presignedGet(String key, Instant signedAt, Duration expiry, Attachment attachment) {
        return signer.presignGet("/" + settings.bucket() + "/" + key, signedAt, expiry, new TreeMap<>(Map.of(
                "response-content-disposition", attachment.contentDisposition(),
                "response-content-type", attachment.contentType())));
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
        try {
            client.close();
        } catch (Exception e) {
            LOG.warnf("closing the S3 client failed endpoint=%s error=%s", settings.endpoint(), e.toString());
        }
    }

    private <T> T call(String key, S3Call<T> call) {
        try {
            return call.call();
        } catch (ErrorResponseException e) {
            if (MISSING_OBJECT_CODES.contains(e.errorResponse().code())) {
                throw new ObjectNotFoundException(settings.bucket(), key, e);
            }
            if (UNAVAILABLE_CODES.contains(e.errorResponse().code())) {
                throw new ObjectStoreUnavailableException(settings.endpoint(), e);
            }
            throw new ObjectStoreException("S3 refused the request for " + key + ": " + e.errorResponse().code()
                    + " " + e.errorResponse().message(), e);
        } catch (ServerException e) {
            if (UNAVAILABLE_STATUSES.contains(e.statusCode())) {
                throw new ObjectStoreUnavailableException(settings.endpoint(), e);
            }
            throw new ObjectStoreException("S3 server error " + e.statusCode() + " for " + key, e);
        } catch (IOException e) {
            throw new ObjectStoreUnavailableException(settings.endpoint(), e);
        } catch (RuntimeException e) {
            if (causedByIo(e)) {
                throw new ObjectStoreUnavailableException(settings.endpoint(), e);
            }
            throw e;
        } catch (Exception e) {
            throw new ObjectStoreException("S3 request for " + key + " failed: " + e, e);
        }
    }

    // The synchronous client runs on the asynchronous one and can hand back an I/O failure wrapped in an unchecked one.
    private static boolean causedByIo(RuntimeException e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private ObjectStoreException refusal(String key, int status, String body) {
        String code = xmlElement(body, "Code").orElse("HTTP " + status);
        String message = xmlElement(body, "Message").orElse("");
        IOException cause = new IOException("S3 answered " + status + " " + code + " " + message);
        if (UNAVAILABLE_STATUSES.contains(status) || UNAVAILABLE_CODES.contains(code)) {
            return new ObjectStoreUnavailableException(settings.endpoint(), cause);
        }
        if (MISSING_OBJECT_CODES.contains(code)) {
            return new ObjectNotFoundException(settings.bucket(), key, cause);
        }
        return new ObjectStoreException("S3 refused the request for " + key + ": " + code + " " + message, cause);
    }

    // S3's error document is flat: <Error><Code>…</Code><Message>…</Message>…</Error>.
    private static Optional<String> xmlElement(String xml, String name) {
        int start = xml.indexOf("<" + name + ">");
        int end = xml.indexOf("</" + name + ">");
        return start < 0 || end < start ? Optional.empty() : Optional.of(xml.substring(start + name.length() + 2, end));
    }

    private static boolean isBucketAlreadyThere(ErrorResponseException e) {
        String code = e.errorResponse().code();
        return "BucketAlreadyOwnedByYou".equals(code) || "BucketAlreadyExists".equals(code);
    }
}
