package dev.chimera.worker.kubernetes;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;

import org.jboss.logging.Logger;

import dev.chimera.worker.service.BusyListener;

/**
 * Sets the {@code controller.kubernetes.io/pod-deletion-cost} annotation of this worker's pod, high while it runs a
 * job and low while idle, so that a scale-down deletes idle pods first. The PATCH runs on a thread of its own: a job
 * never waits for the API server, and when changes queue up only the newest is sent. A failed PATCH is logged and
 * left to the next change.
 */
public final class PodDeletionCost implements BusyListener, AutoCloseable {

    /** Where Kubernetes mounts a pod's service-account token and cluster CA. */
    public static final Path SERVICE_ACCOUNT = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");
    static final String ANNOTATION = "controller.kubernetes.io/pod-deletion-cost";

    private static final Logger LOG = Logger.getLogger(PodDeletionCost.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private final URI pod;
    private final Path tokenFile;
    private final HttpClient client;
    private final int busyCost;
    private final int idleCost;
    private final AtomicReference<Integer> pending = new AtomicReference<>();
    private final ExecutorService sender;

    /** Patches {@code namespace/podName} through the API server at {@code apiServer} with {@code client}. */
    PodDeletionCost(URI apiServer, String namespace, String podName, Path tokenFile, HttpClient client, int busyCost,
            int idleCost) {
        this.pod = apiServer.resolve("/api/v1/namespaces/" + namespace + "/pods/" + podName);
        this.tokenFile = tokenFile;
        this.client = client;
        this.busyCost = busyCost;
        this.idleCost = idleCost;
        this.sender = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "pod-deletion-cost");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * The pod's deletion cost when running in a cluster: the chart sets the pod's name and namespace, the kubelet the
     * API server's address, and the service account's token and CA are mounted under {@code serviceAccount}.
     * Empty, and logged once, when any of these is missing.
     */
    public static Optional<PodDeletionCost> inCluster(Optional<String> podName, Optional<String> namespace,
            int busyCost, int idleCost, Map<String, String> environment, Path serviceAccount) {
        String host = environment.get("KUBERNETES_SERVICE_HOST");
        String port = environment.get("KUBERNETES_SERVICE_PORT");
        Path token = serviceAccount.resolve("token");
        Path ca = serviceAccount.resolve("ca.crt");
        if (podName.isEmpty() || namespace.isEmpty() || host == null || port == null || !Files.isReadable(token)
                || !Files.isReadable(ca)) {
            LOG.infof("pod deletion cost off: not in a cluster podName=%s namespace=%s apiServer=%s token=%s",
                    podName.isPresent(), namespace.isPresent(), host != null && port != null,
                    Files.isReadable(token));
            return Optional.empty();
        }
        HttpClient client;
        try {
            client = HttpClient.newBuilder().sslContext(ClusterCa.sslContext(ca)).connectTimeout(CONNECT_TIMEOUT)
                    .build();
        } catch (IOException | GeneralSecurityException e) {
            LOG.warnf("pod deletion cost off: unreadable cluster CA ca=%s error=%s", ca, e.toString());
            return Optional.empty();
        }
        String address = host.contains(":") ? "[" + host + "]" : host;
        URI apiServer = URI.create("https://" + address + ":" + port);
        LOG.infof("pod deletion cost on pod=%s namespace=%s busy=%d idle=%d apiServer=%s", podName.get(),
                namespace.get(), busyCost, idleCost, apiServer);
        return Optional.of(new PodDeletionCost(apiServer, namespace.get(), podName.get(), token, client, busyCost,
                idleCost));
    }

    @Override
    public void busy() {
        change(busyCost);
    }

    @Override
    public void idle() {
        change(idleCost);
    }

    /** Stops the sender thread after the change it may be sending. */
    @Override
    public void close() {
        sender.shutdown();
    }

    private void change(int cost) {
        // A queued drain takes whatever is newest when it runs; only a change that finds none queued starts one.
        if (pending.getAndSet(cost) == null) {
            try {
                sender.execute(this::sendNewest);
            } catch (RejectedExecutionException e) {
                pending.set(null);
            }
        }
    }

    private void sendNewest() {
        Integer cost = pending.getAndSet(null);
        if (cost != null) {
            send(cost);
        }
    }

    private void send(int cost) {
        try {
            String token = Files.readString(tokenFile).trim();
            HttpRequest request = HttpRequest.newBuilder(pod).timeout(REQUEST_TIMEOUT)
                    .header("Content-Type", "application/merge-patch+json")
                    .header("Authorization", "Bearer " + token)
                    .method("PATCH", HttpRequest.BodyPublishers.ofString(patch(cost))).build();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 == 2) {
                LOG.debugf("pod deletion cost set pod=%s cost=%d", pod.getPath(), cost);
            } else {
                LOG.warnf("pod deletion cost not set pod=%s cost=%d status=%d body=%s", pod.getPath(), cost,
                        response.statusCode(), abbreviated(response.body()));
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf("pod deletion cost not set pod=%s cost=%d error=%s", pod.getPath(), cost, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String patch(int cost) {
        return "{\"metadata\":{\"annotations\":{\"" + ANNOTATION + "\":\"" + cost + "\"}}}";
    }

    private static String abbreviated(String body) {
        return body.length() <= 200 ? body : body.substring(0, 200) + "...";
    }
}
