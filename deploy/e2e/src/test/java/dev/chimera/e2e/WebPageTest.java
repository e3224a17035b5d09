package dev.chimera.e2e;

import static dev.chimera.e2e.support.Submissions.DEMO_IMAGE_SIZE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chimera.e2e.support.ChimeraApi;
import dev.chimera.e2e.support.RepoPaths;
import dev.chimera.e2e.support.RunningStack;
import dev.chimera.e2e.support.ServiceProcess;
import dev.chimera.e2e.support.TestImages;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web page in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}) against the three
 * service processes: a person enters the API key, submits a morphing job and sees its result appear, and submits a
 * transfer job and watches its live training preview until its picture appears, and finds Cross-Image Attention
 * offered with its parameters once a worker serves it. Screenshots go to
 * {@code .chimera/e2e/web-page.png} (1280 px wide) and {@code web-page-phone.png}.
 */
@Tag("integration")
class WebPageTest {

    private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);
    /** Generous: a tiny training step takes from 0.2 s to several seconds on the shared build machines. */
    private static final Duration TRAINING_TIMEOUT = Duration.ofSeconds(300);
    private static final int FRAMES = 4;

    private static RunningStack stack;
    private static Path profile;
    private static ChromeDriver browser;
    private static Path imageA;
    private static Path imageB;

    private ChimeraApi tenant;

    @BeforeAll
    static void startStackAndBrowser() throws IOException {
        stack = RunningStack.shared();
        Path runDirectory = RepoPaths.localDir().resolve("e2e");
        Path inputs = Files.createDirectories(runDirectory.resolve("web-inputs"));
        imageA = Files.write(inputs.resolve("imageA.png"), TestImages.png(5, DEMO_IMAGE_SIZE));
        imageB = Files.write(inputs.resolve("imageB.png"), TestImages.png(6, DEMO_IMAGE_SIZE));
        profile = runDirectory.resolve("chromium/profile-" + UUID.randomUUID());
        browser = headlessChromium(runDirectory, Files.createDirectories(profile));
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null && Files.exists(profile)) {
            try (Stream<Path> files = Files.walk(profile)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    @BeforeEach
    void openThePageWithTheApiKeyOfAFreshTenant() {
        tenant = stack.newTenant();
        browser.manage().window().setSize(new Dimension(1280, 1000));
        browser.get(stack.gatewayUrl().resolve("/").toString());
        browser.findElement(By.id("api-key")).sendKeys(tenant.apiKey());
        browser.findElement(By.id("save-key")).click();
        waitUntil(PAGE_TIMEOUT).until(ExpectedConditions.elementToBeClickable(By.id("kind-morphing"))).click();
    }

    @Test
    void aMorphingJobSubmittedThroughThePageShowsItsResultImages() throws IOException {
        WebElement frames = browser.findElement(By.id("param-frames"));
        frames.clear();
        frames.sendKeys(Integer.toString(FRAMES));
        browser.findElement(By.id("input-imageA")).sendKeys(imageA.toString());
        browser.findElement(By.id("input-imageB")).sendKeys(imageB.toString());
        waitUntil(PAGE_TIMEOUT).until(page -> loadedImages(".drop .preview") == 2);

        browser.findElement(By.id("submit-job")).click();

        waitUntil(JOB_TIMEOUT).until(page -> loadedImages("#detail-results .animation img") == 1);
        waitUntil(PAGE_TIMEOUT).until(page -> loadedImages("#detail-results .filmstrip img") == FRAMES);
        waitUntil(PAGE_TIMEOUT).until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector(".job-row[aria-current=true] .badge"), "succeeded"));
        JsonNode jobs = tenant.list("").expect(200).json().path("items");
        assertEquals(1, jobs.size(), "the page submitted exactly one job: " + jobs);
        assertEquals("succeeded", jobs.get(0).path("status").asText());
        assertEquals(FRAMES, jobs.get(0).path("params").path("frames").asInt());
        assertTrue(browser.findElement(By.id("detail-timeline")).getText().contains("succeeded"),
                "the timeline shows the end of the job");

        screenshot("web-page.png", 1280, false);
        screenshot("web-page-phone.png", 390, true);
    }

    @Test
    void aTransferJobSubmittedThroughThePageShowsItsLivePreviewAndThenItsPicture() {
        ServiceProcess transferWorker = stack.transferWorker("e2e-transfer-web").start();
        try {
            browser.findElement(By.id("kind-transfer")).click();
            setParam("iterations", "24");
            setParam("previewIntervalSteps", "2");
            setParam("entireImageEvery", "8");
            new Select(browser.findElement(By.id("param-dinoVariant")))
                    .selectByValue(RunningStack.TRANSFER_DINO_VARIANT);
            browser.findElement(By.id("input-structure")).sendKeys(imageA.toString());
            browser.findElement(By.id("input-appearance")).sendKeys(imageB.toString());
            waitUntil(PAGE_TIMEOUT).until(page -> loadedImages(".drop .preview") == 2);

            browser.findElement(By.id("submit-job")).click();

            waitUntil(TRAINING_TIMEOUT).until(ExpectedConditions.textToBePresentInElementLocated(
                    By.cssSelector("#detail-preview figcaption"), "Live preview"));
            waitUntil(PAGE_TIMEOUT).until(page -> loadedImages("#detail-preview img") == 1);
            waitUntil(TRAINING_TIMEOUT).until(page -> loadedImages("#detail-results img") == 1);
            waitUntil(PAGE_TIMEOUT).until(ExpectedConditions.textToBePresentInElementLocated(
                    By.cssSelector(".job-row[aria-current=true] .badge"), "succeeded"));
            assertTrue(browser.findElement(By.id("detail-facts")).getText().contains("cpu"),
                    "the device the job ran on is shown");
            JsonNode job = tenant.list("").expect(200).json().path("items").get(0);
            assertEquals("transfer", job.path("kind").asText());
            assertEquals(24, job.path("params").path("iterations").asInt());
        } finally {
            transferWorker.stop();
        }
    }

    @Test
    void crossImageAttentionIsOfferedWithItsDomainAndStepRangesAndRunsFromThePage() {
        ServiceProcess ciaWorker = stack.transferWorker("e2e-cia-web").start();
        try {
            stack.awaitAvailable(List.of("cross-image-attention"));
            openThePageWithTheApiKeyOfAFreshTenant();
            browser.findElement(By.id("kind-transfer")).click();
            new Select(browser.findElement(By.id("method"))).selectByValue("cross-image-attention");

            assertEquals("required", browser.findElement(By.id("hint-domain")).getText());
            assertEquals("10", browser.findElement(By.id("param-swapSteps64.start")).getDomProperty("value"));
            assertEquals("100", browser.findElement(By.id("param-inversionSteps")).getDomProperty("value"));
            setParam("domain", "cat");
            setParam("inversionSteps", "12");
            setParam("skipSteps", "1");
            browser.findElement(By.id("input-structure")).sendKeys(imageA.toString());
            browser.findElement(By.id("input-appearance")).sendKeys(imageB.toString());
            waitUntil(PAGE_TIMEOUT).until(page -> loadedImages(".drop .preview") == 2);
            browser.findElement(By.id("submit-job")).click();

            waitUntil(TRAINING_TIMEOUT).until(page -> loadedImages("#detail-results img") == 1);
            JsonNode job = tenant.list("").expect(200).json().path("items").get(0);
            assertEquals("cross-image-attention", job.path("method").asText());
            assertEquals("cat", job.path("params").path("domain").asText());
            assertEquals(12, job.path("params").path("inversionSteps").asInt());
        } finally {
            ciaWorker.stop();
        }
    }

    @Test
    void aQueuedJobShowsItsQueuePositionAndIsCanceledFromThePage() {
        // No worker of these tests takes transfer jobs: this one stays queued until it is canceled.
        browser.findElement(By.id("kind-transfer")).click();
        browser.findElement(By.id("input-structure")).sendKeys(imageA.toString());
        browser.findElement(By.id("input-appearance")).sendKeys(imageB.toString());

        browser.findElement(By.id("submit-job")).click();

        waitUntil(PAGE_TIMEOUT).until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("detail-stage"), "in the queue"));
        browser.findElement(By.id("cancel-job")).click();
        waitUntil(PAGE_TIMEOUT).until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector(".job-row[aria-current=true] .badge"), "canceled"));
        assertFalse(browser.findElement(By.id("cancel-job")).isDisplayed(), "a canceled job cannot be canceled");
        JsonNode jobs = tenant.list("").expect(200).json().path("items");
        assertEquals("canceled", jobs.get(0).path("status").asText());
    }

    @Test
    void aMethodNoWorkerServesIsShownUnavailableInsteadOfOffered() {
        browser.findElement(By.id("kind-transfer")).click();

        WebElement unavailable = browser.findElement(By.cssSelector("#method option[value='cross-image-attention']"));
        assertFalse(unavailable.isEnabled(), "cross-image-attention cannot be chosen");
        assertTrue(unavailable.getText().contains("unavailable"), unavailable.getText());
        assertEquals("splice", new Select(browser.findElement(By.id("method"))).getFirstSelectedOption()
                .getDomAttribute("value"));
        WebElement note = browser.findElement(By.id("method-note"));
        assertTrue(note.isDisplayed() && note.getText().contains("cross-image-attention"), note.getText());
        assertTrue(browser.findElement(By.id("submit-job")).isEnabled(), "splice can be submitted");
    }

    @Test
    void aParameterOutOfRangeIsShownNextToItsFieldAsYouType() {
        WebElement frames = browser.findElement(By.id("param-frames"));
        frames.clear();
        frames.sendKeys("500");

        By problem = By.id("problem-params.frames");
        waitUntil(PAGE_TIMEOUT).until(ExpectedConditions.textToBePresentInElementLocated(problem, "must be within"));
        assertEquals("true", frames.getDomAttribute("aria-invalid"));

        frames.clear();
        frames.sendKeys("5");
        waitUntil(PAGE_TIMEOUT).until(ExpectedConditions.textToBe(problem, ""));
    }

    @Test
    void aMissingImageRefusedByTheApiIsShownAtItsDropZone() {
        browser.findElement(By.id("input-imageA")).sendKeys(imageA.toString());

        browser.findElement(By.id("submit-job")).click();

        waitUntil(PAGE_TIMEOUT).until(ExpectedConditions.not(
                ExpectedConditions.textToBe(By.id("problem-inputs.imageB"), "")));
        assertEquals("true", browser.findElement(By.id("input-imageB")).getDomAttribute("aria-invalid"));
        assertTrue(browser.findElement(By.id("form-problem")).getText().contains("missing_input"),
                "the problem's code is shown with the form");
    }

    private static ChromeDriver headlessChromium(Path runDirectory, Path profile) throws IOException {
        Path tmp = Files.createDirectories(runDirectory.resolve("chromium/tmp"));
        ChromeOptions options = new ChromeOptions()
                .setBinary(System.getProperty("chimera.chromium", "/usr/bin/chromium"))
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run",
                        "--user-data-dir=" + profile, "--window-size=1280,1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getProperty("chimera.chromedriver", "/usr/bin/chromedriver")))
                .withLogFile(runDirectory.resolve("chromedriver.log").toFile())
                .withEnvironment(Map.of("TMPDIR", tmp.toString()))
                .build();
        return new ChromeDriver(service, options);
    }

    private static void setParam(String name, String value) {
        WebElement field = browser.findElement(By.id("param-" + name));
        field.clear();
        field.sendKeys(value);
    }

    private static WebDriverWait waitUntil(Duration timeout) {
        return new WebDriverWait(browser, timeout);
    }

    /** How many images matched by {@code selector} have loaded: complete, with real pixels. */
    private static long loadedImages(String selector) {
        Object count = ((JavascriptExecutor) browser).executeScript(
                "return [...document.querySelectorAll(arguments[0])]"
                        + ".filter(image => image.complete && image.naturalWidth > 0).length;", selector);
        return ((Number) count).longValue();
    }

    /** A screenshot of the whole page at this viewport width, through Chromium's own full-page capture. */
    private static void screenshot(String name, int width, boolean mobile) throws IOException {
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", 900, "deviceScaleFactor", 1, "mobile", mobile));
        try {
            Map<?, ?> page = (Map<?, ?>) browser.executeCdpCommand("Page.getLayoutMetrics", Map.of())
                    .get("cssContentSize");
            Map<String, Object> shot = browser.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                    "captureBeyondViewport", true, "clip", Map.of("x", 0, "y", 0, "width", page.get("width"),
                            "height", page.get("height"), "scale", 1)));
            Files.write(RepoPaths.localDir().resolve("e2e").resolve(name),
                    Base64.getDecoder().decode((String) shot.get("data")));
        } finally {
            browser.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }
}
