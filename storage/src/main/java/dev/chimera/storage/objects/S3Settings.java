package dev.chimera.storage.objects;

import java.util.Map;
import java.util.Objects;

/** Where the S3 server is, how to sign requests, and which bucket holds Chimera's objects ({@code CHIMERA_S3_*}). */
public record S3Settings(String endpoint, String accessKey, String secretKey, String region, String bucket) {

    public S3Settings {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(accessKey, "accessKey");
        Objects.requireNonNull(secretKey, "secretKey");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(bucket, "bucket");
    }

    /** Settings from this process's environment, with the local stack's defaults. */
    public static S3Settings fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /** Settings from the given variables, with the local stack's defaults for those that are missing. */
    public static S3Settings fromEnvironment(Map<String, String> env) {
        return new S3Settings(
                env.getOrDefault("CHIMERA_S3_ENDPOINT", "http://127.0.0.1:19000"),
                env.getOrDefault("CHIMERA_S3_ACCESS_KEY", "chimera"),
                env.getOrDefault("CHIMERA_S3_SECRET_KEY", "chimera-secret"),
                env.getOrDefault("CHIMERA_S3_REGION", "us-east-1"),
                env.getOrDefault("CHIMERA_S3_BUCKET", "chimera"));
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
