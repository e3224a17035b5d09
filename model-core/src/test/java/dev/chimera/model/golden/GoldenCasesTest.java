package dev.chimera.model.golden;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Every golden case of the ported networks (Crossbreed, clVAE, DINO ViT, Splice generator, CLIP text encoder and
 * tokenizer, SD's VAE and UNet, CIA's sampler and its masked AdaIN) passes through the harness, from every weights
 * file; the CIA sampler on both of its paths.
 */
class GoldenCasesTest {

    private static final Set<String> NETWORKS = Set.of("crossbreed-generator", "clvae-spade-generator", "dino-vit",
            "splice-generator", "clip-text", "sd-vae", "sd-unet", "cia-sampler", "cia-masked-adain");

    static List<Path> casesOfThisIssue() throws IOException {
        Path golden = Path.of(System.getProperty("chimera.golden.dir"));
        ObjectMapper json = new ObjectMapper();
        List<Path> cases = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(golden)) {
            for (Path dir : dirs.sorted().toList()) {
                Path config = dir.resolve("config.json");
                if (Files.isRegularFile(config)
                        && NETWORKS.contains(json.readTree(config.toFile()).path("network").asText())) {
                    cases.add(dir);
                }
            }
        }
        return cases;
    }

    @Test
    void everyGoldenCaseOfThePortedNetworksPasses() throws IOException {
        List<Path> cases = casesOfThisIssue();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        GoldenHarness.Summary summary = new GoldenHarness(GoldenNetworks.all(),
                new PrintStream(printed, true, StandardCharsets.UTF_8)).run(cases);

        assertTrue(summary.allPassed(), printed.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theCasesCoverEveryPortedNetworkAndTheDeeperSpliceTwins() throws IOException {
        List<String> names = casesOfThisIssue().stream().map(dir -> dir.getFileName().toString()).toList();

        assertTrue(names.containsAll(List.of("crossbreed-generator", "clvae-spade-generator", "dino-vit",
                "splice-generator", "splice-generator-deep", "splice-generator-four-levels",
                "splice-generator-five-levels", "clip-text", "sd-vae", "sd-unet", "cia-sampler",
                "cia-masked-adain")), names.toString());
    }

    @Test
    void theCiaSamplerCasePassesOnTheShortcutPathToo() {
        Path sampler = Path.of(System.getProperty("chimera.golden.dir"), "cia-sampler");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        String previous = System.setProperty(CiaSamplerGolden.PATH_PROPERTY, "shortcut");
        try {
            GoldenHarness.Summary summary = new GoldenHarness(GoldenNetworks.all(),
                    new PrintStream(printed, true, StandardCharsets.UTF_8)).run(List.of(sampler));

            assertTrue(summary.allPassed(), printed.toString(StandardCharsets.UTF_8));
        } finally {
            if (previous == null) {
                System.clearProperty(CiaSamplerGolden.PATH_PROPERTY);
            } else {
                System.setProperty(CiaSamplerGolden.PATH_PROPERTY, previous);
            }
        }
    }
}
