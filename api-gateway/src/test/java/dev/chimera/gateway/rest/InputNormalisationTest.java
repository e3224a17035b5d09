package dev.chimera.gateway.rest;

import static dev.chimera.gateway.support.Gateway.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chimera.gateway.support.Gateway;
import dev.chimera.gateway.support.Gateway.TenantKey;
import dev.chimera.gateway.support.TestImages;
import dev.chimera.storage.objects.ObjectStore;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Every accepted input is stored as the canonical PNG the worker reads: decoded, turned upright, metadata-free. */
@QuarkusTest
@Tag("integration")
class InputNormalisationTest {

    @Inject
    ObjectStore objects;

    private TenantKey tenant;

    @BeforeEach
    void newTenant() {
        tenant = Gateway.newTenant();
    }

    @AfterEach
    void leaveNoQueuedWork() {
        Gateway.cancelQueuedJobs();
    }

    @Test
    void aLosslessWebpIsAcceptedAndStoredAsAPngOfExactlyItsPixels() throws IOException {
        String id = submitMorphing(TestImages.gradientWebp());

        BufferedImage stored = storedInput(id, "imageA");
        assertEquals(24, stored.getWidth());
        assertEquals(16, stored.getHeight());
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 24; x++) {
                assertEquals((x * 10) << 16 | (y * 15) << 8 | 128, stored.getRGB(x, y) & 0xFFFFFF);
            }
        }
        assertEquals("image/png", objects.stat("inputs/" + id + "/imageA").contentType().orElseThrow());
    }

    @Test
    void aJpegTakenSidewaysIsStoredTurnedUpright() throws IOException {
        String id = submitMorphing(TestImages.sidewaysJpeg());

        BufferedImage stored = storedInput(id, "imageA");
        assertEquals(24, stored.getWidth());
        assertEquals(40, stored.getHeight());
        assertTrue((stored.getRGB(12, 5) & 0xFF) < 40, "the dark left half is now on top");
        assertTrue((stored.getRGB(12, 35) & 0xFF) > 215, "the light right half is now below");
    }

    @Test
    void aLabelMapIsStoredWithItsClassesNotAsColours() throws IOException {
        String id = as(tenant).multiPart("kind", "synthesis")
                .multiPart("labelMap", "map.png", TestImages.labelMap(1), "image/png")
                .post("/api/v1/jobs").then().statusCode(202).extract().path("id");

        BufferedImage stored = storedInput(id, "labelMap");
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, stored.getType());
        for (int x = 0; x < 48; x++) {
            assertEquals((x / 12 + 1) % 4, stored.getRaster().getSample(x, 20, 0));
        }
    }

    private String submitMorphing(byte[] imageA) {
        return as(tenant).multiPart("kind", "morphing")
                .multiPart("imageA", "a.img", imageA, "application/octet-stream")
                .multiPart("imageB", "b.png", TestImages.png(2), "image/png")
                .post("/api/v1/jobs").then().statusCode(202).extract().path("id");
    }

    private BufferedImage storedInput(String jobId, String role) throws IOException {
        try (InputStream content = objects.get("inputs/" + jobId + "/" + role)) {
            byte[] bytes = content.readAllBytes();
            assertEquals((byte) 0x89, bytes[0], "a PNG");
            assertEquals('P', bytes[1], "a PNG");
            return ImageIO.read(new ByteArrayInputStream(bytes));
        }
    }
}
