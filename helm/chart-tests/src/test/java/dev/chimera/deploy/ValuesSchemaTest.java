package dev.chimera.deploy;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Wrong values stop the install with a message that names the value and says what is wrong. */
class ValuesSchemaTest {

    @ParameterizedTest(name = "{0}")
    // Messages quote with both ' and ", so the CSV uses ~ as its (unused) quote character.
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            unknown-kind.yaml                  | '/workers/pools/0/kinds/0': value must be one of 'transfer'
            gpus-as-text.yaml                  | '/workers/pools/0/gpus': got string, want integer
            password-in-values.yaml            | '/database': additional properties 'password' not allowed
            no-secret-name.yaml                | '/objectStorage/existingSecret': minLength
            kafka-url-with-scheme.yaml         | '/kafka/bootstrapServers': 'kafka://broker:9092' does not match pattern
            pool-without-memory-limit.yaml     | '/workers/pools/0/resources/limits': missing property 'memory'
            kind-in-two-pools.yaml             | job kind "synthesis" is served by pools "big" and "small"
            grace-shorter-than-shutdown.yaml   | terminationGracePeriodSeconds=60 leaves no time to checkpoint
            hpa-without-cpu-request.yaml       | gateway.autoscaling is on but gateway.resources.requests.cpu is unset
            deletion-cost-as-text.yaml         | '/workers/podDeletionCost/busy': got string, want integer
            """)
    void refusesBadValuesSayingWhatIsWrong(String valuesFile, String expectedMessage) {
        var chart = ChimeraChart.fromBuild();

        var error = assertThrows(IllegalStateException.class,
                () -> chart.render(ChimeraChart.values("bad/" + valuesFile)));

        assertTrue(error.getMessage().contains(expectedMessage.strip()), error.getMessage());
    }
}
