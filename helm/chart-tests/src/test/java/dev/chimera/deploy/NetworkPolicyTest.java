package dev.chimera.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** Each service admits only the traffic it needs: the public API, and scrapes of the others' metrics. */
class NetworkPolicyTest {

    private final Manifests defaults = ChimeraChart.fromBuild().render();
    private final Manifests restricted = ChimeraChart.fromBuild().render(ChimeraChart.values("ingress-hpa.yaml"));

    @Test
    void everyComponentHasAPolicySelectingExactlyItsPods() {
        for (String component : new String[] {"gateway", "scheduler", "worker"}) {
            JsonNode selector = defaults.named("NetworkPolicy", "chimera-" + component)
                    .path("spec").path("podSelector").path("matchLabels");
            assertEquals(component, selector.path("app.kubernetes.io/component").asText());
            assertEquals("chimera", selector.path("app.kubernetes.io/instance").asText());
        }
    }

    @Test
    void onlyTheMonitoringNamespaceReachesTheSchedulerAndTheWorkers() {
        for (String component : new String[] {"scheduler", "worker"}) {
            JsonNode ingress = defaults.named("NetworkPolicy", "chimera-" + component).path("spec").path("ingress");
            assertEquals(1, ingress.size());
            assertEquals("monitoring", ingress.get(0).path("from").get(0).path("namespaceSelector")
                    .path("matchLabels").path("kubernetes.io/metadata.name").asText());
            assertEquals("http", ingress.get(0).path("ports").get(0).path("port").asText());
        }
    }

    @Test
    void theGatewayIsOpenToAllByDefaultAndToTheIngressControllerWhenRestricted() {
        JsonNode open = defaults.named("NetworkPolicy", "chimera-gateway").path("spec").path("ingress").get(0);
        JsonNode narrowed = restricted.named("NetworkPolicy", "chimera-gateway").path("spec").path("ingress").get(0);

        assertTrue(open.path("from").isMissingNode());
        assertEquals("ingress-nginx", narrowed.path("from").get(0).path("namespaceSelector")
                .path("matchLabels").path("kubernetes.io/metadata.name").asText());
    }

    @Test
    void onlyTheMonitoringNamespaceReachesTheGatewaysManagementPort() {
        JsonNode management = defaults.named("NetworkPolicy", "chimera-gateway").path("spec").path("ingress").get(1);

        assertEquals("management", management.path("ports").get(0).path("port").asText());
        assertEquals("monitoring", management.path("from").get(0).path("namespaceSelector")
                .path("matchLabels").path("kubernetes.io/metadata.name").asText());
    }

    @Test
    void egressIsRestrictedToDnsAndTheGivenDestinationsOnlyWhenConfigured() {
        JsonNode open = defaults.named("NetworkPolicy", "chimera-worker").path("spec");
        JsonNode narrowed = restricted.named("NetworkPolicy", "chimera-worker").path("spec");

        assertFalse(open.path("policyTypes").toString().contains("Egress"));
        assertTrue(narrowed.path("policyTypes").toString().contains("Egress"));
        assertEquals(53, narrowed.path("egress").get(0).path("ports").get(0).path("port").asInt());
        assertEquals("10.0.0.0/8", narrowed.path("egress").get(1).path("to").get(0).path("ipBlock")
                .path("cidr").asText());
    }
}
