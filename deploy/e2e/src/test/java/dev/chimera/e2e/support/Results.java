package dev.chimera.e2e.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A finished job's result files as the API lists them (name → presigned URL), downloaded and checked. */
public final class Results {

    private final Map<String, String> links = new TreeMap<>();

    private Results(JsonNode job) {
        job.path("results").properties().forEach(entry -> links.put(entry.getKey(), entry.getValue().asText()));
    }

    /** The results of a job resource. */
    public static Results of(JsonNode job) {
        return new Results(job);
    }

    /** Every result name, sorted. */
    public List<String> names() {
        return new ArrayList<>(links.keySet());
    }

    /** The names that start with {@code prefix} and end with {@code suffix}, sorted. */
    public List<String> names(String prefix, String suffix) {
        return links.keySet().stream().filter(name -> name.startsWith(prefix) && name.endsWith(suffix)).toList();
    }

    /** Downloads one result through its presigned URL. */
    public byte[] download(String name) {
        String url = links.get(name);
        assertTrue(url != null, "no result named " + name + " among " + links.keySet());
        return ChimeraApi.download(url);
    }

    /** Downloads a result, checks it decodes as a width × height image and returns it. */
    public BufferedImage image(String name, int width, int height) {
        BufferedImage image = TestImages.decode(download(name));
        assertEquals(width + "x" + height, image.getWidth() + "x" + image.getHeight(), name + " size");
        return image;
    }
}
