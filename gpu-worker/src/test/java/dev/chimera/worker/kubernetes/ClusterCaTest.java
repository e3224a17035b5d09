package dev.chimera.worker.kubernetes;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trusting the cluster CA of a service account, and the in-cluster wiring over real TLS. */
class ClusterCaTest {

    @TempDir
    static Path directory;

    private static SelfSignedCertificate apiServerCertificate;
    private static FakeApiServer api;

    @BeforeAll
    static void startApiServer() throws Exception {
        apiServerCertificate = SelfSignedCertificate.generate(directory, "kube-apiserver");
        api = FakeApiServer.https(apiServerCertificate.serverContext());
    }

    @AfterAll
    static void stopApiServer() {
        api.close();
    }

    private static Path serviceAccount(Path ca) throws Exception {
        Path account = Files.createTempDirectory(directory, "serviceaccount");
        Files.writeString(account.resolve("token"), "cluster-token\n");
        Files.copy(ca, account.resolve("ca.crt"));
        return account;
    }

    private static Map<String, String> kubeletEnvironment() {
        return Map.of("KUBERNETES_SERVICE_HOST", "127.0.0.1", "KUBERNETES_SERVICE_PORT", String.valueOf(api.port()));
    }

    @Test
    void trustsTheServerWhoseCertificateThePemHolds() throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(ClusterCa.sslContext(apiServerCertificate.pem()))
                .build();

        HttpResponse<String> response = client.send(HttpRequest.newBuilder(api.uri().resolve("/version")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(200, response.statusCode());
    }

    @Test
    void refusesAServerSignedByAnotherAuthority() throws Exception {
        SelfSignedCertificate other = SelfSignedCertificate.generate(directory, "other-ca");
        HttpClient client = HttpClient.newBuilder().sslContext(ClusterCa.sslContext(other.pem())).build();

        assertThrows(SSLHandshakeException.class, () -> client.send(
                HttpRequest.newBuilder(api.uri().resolve("/version")).build(), HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    void aFileWithoutCertificatesIsRefused() throws Exception {
        Path empty = Files.writeString(directory.resolve("empty.crt"), "");

        assertThrows(GeneralSecurityException.class, () -> ClusterCa.sslContext(empty));
    }

    @Test
    void inAClusterPatchesThePodOverTlsTrustingOnlyTheClusterCa() throws Exception {
        Optional<PodDeletionCost> cost = PodDeletionCost.inCluster(Optional.of("worker-1"), Optional.of("jobs"),
                1000, 0, kubeletEnvironment(), serviceAccount(apiServerCertificate.pem()));
        assertTrue(cost.isPresent());
        int before = api.requests.size();

        try (PodDeletionCost running = cost.get()) {
            running.busy();
            await().atMost(Duration.ofSeconds(10)).until(() -> api.requests.size() > before);
        }
        FakeApiServer.Request request = api.last();
        assertEquals("/api/v1/namespaces/jobs/pods/worker-1", request.path());
        assertEquals("Bearer cluster-token", request.authorization());
    }

    @Test
    void isOffOutsideAClusterWithoutPodNameApiServerOrToken() throws Exception {
        Path account = serviceAccount(apiServerCertificate.pem());
        Path noToken = Files.createTempDirectory(directory, "no-token");
        Files.copy(apiServerCertificate.pem(), noToken.resolve("ca.crt"));

        assertTrue(PodDeletionCost.inCluster(Optional.empty(), Optional.of("jobs"), 1000, 0, kubeletEnvironment(),
                account).isEmpty());
        assertTrue(PodDeletionCost.inCluster(Optional.of("worker-1"), Optional.empty(), 1000, 0,
                kubeletEnvironment(), account).isEmpty());
        assertTrue(PodDeletionCost.inCluster(Optional.of("worker-1"), Optional.of("jobs"), 1000, 0, Map.of(),
                account).isEmpty());
        assertTrue(PodDeletionCost.inCluster(Optional.of("worker-1"), Optional.of("jobs"), 1000, 0,
                kubeletEnvironment(), noToken).isEmpty());
    }
}
