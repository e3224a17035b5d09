package dev.chimera.storage.cdi;

import dev.chimera.storage.objects.S3Settings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The object store's settings; each entry is read from its {@code CHIMERA_S3_*} environment variable (the
 * environment spelling of {@code chimera.s3.*}), with the local stack's defaults.
 */
@ConfigMapping(prefix = "chimera.s3")
public interface S3Config {

    /** CHIMERA_S3_ENDPOINT: the S3 server's URL. */
    @WithDefault(S3Settings.LOCAL_ENDPOINT)
    String endpoint();

    /** CHIMERA_S3_ACCESS_KEY. */
    @WithDefault(S3Settings.LOCAL_ACCESS_KEY)
    String accessKey();

    /** CHIMERA_S3_SECRET_KEY. */
    @WithDefault(S3Settings.LOCAL_SECRET_KEY)
    String secretKey();

    /** CHIMERA_S3_REGION: the region requests are signed for. */
    @WithDefault(S3Settings.DEFAULT_REGION)
    String region();

    /** CHIMERA_S3_BUCKET: the bucket that holds Chimera's objects. */
    @WithDefault(S3Settings.DEFAULT_BUCKET)
    String bucket();

    /** The settings these values describe. */
    default S3Settings settings() {
        return new S3Settings(endpoint(), accessKey(), secretKey(), region(), bucket());
    }
}
