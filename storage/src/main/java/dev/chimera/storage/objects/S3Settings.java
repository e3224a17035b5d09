package dev.chimera.storage.objects;

import java.util.Map;
import java.util.Objects;

/** Where the S3 server is, how to sign requests, and which bucket holds Chimera's objects ({@code CHIMERA_S3_*}). */
public record S3Settings(String endpoint, String accessKey, String secretKey, String region, String bucket) {

    /** The local stack's MinIO, used when {@code CHIMERA_S3_ENDPOINT} is unset. */
    public static final String LOCAL_ENDPOINT = "http://127.0.0.1:19000";
    /** The local stack's access key, used when {@code CHIMERA_S3_ACCESS_KEY} is unset. */
    public static final String LOCAL_ACCESS_KEY = "chimera";
    /** The local stack's secret key, used when {@code CHIMERA_S3_SECRET_KEY} is unset. */
    public static final String LOCAL_SECRET_KEY = "chimera-secret";
    /** The region signed for when {@code CHIMERA_S3_REGION} is unset. */
    public static final String DEFAULT_REGION = "us-east-1";
    /** The bucket used when {@code CHIMERA_S3_BUCKET} is unset. */
    public static final String DEFAULT_BUCKET = "chimera";

    public S3Settings {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(accessKey, "accessKey");
        Objects.requireNonNull(secretKey, "secretKey");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(bucket, "bucket");
    }

    /** Settings from the given variables, with the local stack's defaults for those that are missing. */
    public static S3Settings fromEnvironment(Map<String, String> env) {
        return new S3Settings(
                env.getOrDefault("CHIMERA_S3_ENDPOINT", LOCAL_ENDPOINT),
                env.getOrDefault("CHIMERA_S3_ACCESS_KEY", LOCAL_ACCESS_KEY),
                env.getOrDefault("CHIMERA_S3_SECRET_KEY", LOCAL_SECRET_KEY),
                env.getOrDefault("CHIMERA_S3_REGION", DEFAULT_REGION),
                env.getOrDefault("CHIMERA_S3_BUCKET", DEFAULT_BUCKET));
    }

    /** The same server and credentials with another bucket. */
    public S3Settings withBucket(String otherBucket) {
        return new S3Settings(endpoint, accessKey, secretKey, region, otherBucket);
    }

    @Override
    public String toString() {
        return "S3Settings[endpoint=" + endpoint + ", accessKey=" + accessKey + ", region=" + region
                + ", bucket=" + bucket + "]";
    }
}
