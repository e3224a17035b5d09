package dev.chimera.gateway.messaging;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItems;

import dev.chimera.contract.JobKind;
import dev.chimera.contract.KafkaTopics;
import dev.chimera.gateway.support.TopicWatch;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TopicProvisionerTest {

    @Test
    void everyChimeraTopicExistsOnceTheGatewayHasStarted() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TopicWatch.bootstrap()))) {
            Set<String> names = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            assertThat(names, hasItems(KafkaTopics.all().toArray(String[]::new)));

            TopicDescription work = admin.describeTopics(Set.of(KafkaTopics.work(JobKind.MORPHING)))
                    .allTopicNames().get(10, TimeUnit.SECONDS).get(KafkaTopics.work(JobKind.MORPHING));
            assertThat(work.partitions().size(), greaterThanOrEqualTo(1));
        }
    }
}
