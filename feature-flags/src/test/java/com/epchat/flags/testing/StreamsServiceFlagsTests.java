package com.epchat.flags.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.epchat.flags.FlagEdits;
import com.epchat.flags.FlagEdits.Change;
import com.epchat.testsupport.TestKafka;
import com.epchat.topics.event.FeatureFlags;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two instances of a Kafka Streams service on a real broker follow the live flags: each sees an
 * emergency and a restore, without a restart, and serves {@code /api/metrics} only while the
 * prometheus flag is on. A subclass names the service (in: its application builder, the variable
 * of its port, a name for its application id and state directory); the tests are the same for every
 * such service, since the flags, their gauges and the metrics switch come from this library.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class StreamsServiceFlagsTests {

    static final Duration WAIT = Duration.ofSeconds(60);

    private final Supplier<SpringApplicationBuilder> application;
    private final String portVariable;
    private final String name;
    private final String applicationId;
    private List<ConfigurableApplicationContext> instances;
    private LiveFlags flags;

    /**
     * @param application the service's builder (it names the service's configuration file)
     * @param portVariable the variable of the service's port, e.g. {@code BUDGET_STREAMS_PORT}
     * @param name e.g. {@code budget-flags}: the temporary state directories' prefix and the application id's stem
     */
    protected StreamsServiceFlagsTests(Supplier<SpringApplicationBuilder> application, String portVariable,
            String name) {
        this.application = application;
        this.portVariable = portVariable;
        this.name = name;
        this.applicationId = TestKafka.uniqueName(name + "-test");
    }

    @BeforeAll
    void startTwoInstances() throws Exception {
        flags = new LiveFlags(TestKafka.bootstrapServers());
        instances = List.of(instance(), instance());
    }

    private ConfigurableApplicationContext instance() throws Exception {
        return application.get().properties(
                "KAFKA_BOOTSTRAP_SERVERS=" + TestKafka.bootstrapServers(),
                portVariable + "=0",
                "EP_STATE_DIR=" + Files.createTempDirectory(name),
                "spring.kafka.streams.application-id=" + applicationId).run();
    }

    @AfterAll
    void stopInstances() {
        flags.reset("reset");
        instances.forEach(ConfigurableApplicationContext::close);
    }

    private void awaitOnEveryInstance(Predicate<FeatureFlags> state) {
        LiveFlags.awaitOnEvery(instances, WAIT, state);
    }

    private static int metrics(ConfigurableApplicationContext instance) throws Exception {
        String port = instance.getEnvironment().getRequiredProperty("local.server.port");
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/api/metrics")).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void shouldShowAnEmergencyAndItsRestoreOnBothInstances() {
        flags.change(current -> FlagEdits.emergency(current, new Change("oncall", "incident", Instant.now())));

        awaitOnEveryInstance(FeatureFlags::budgetGuard);
        assertThat(instances).allSatisfy(i -> {
            assertThat(LiveFlags.gauge(i, "budget_guard")).isEqualTo(1.0);
            assertThat(LiveFlags.gauge(i, "extended_context")).isZero();
            assertThat(LiveFlags.gauge(i, "model_deepseek-chat")).isEqualTo(1.0);
        });

        flags.change(current -> FlagEdits.restore(current, new Change("oncall", "fixed", Instant.now())));

        awaitOnEveryInstance(f -> !f.budgetGuard() && f.extendedContext());
        assertThat(instances).allSatisfy(i -> assertThat(LiveFlags.gauge(i, "model_deepseek-v3.1")).isEqualTo(1.0));
    }

    @Test
    void shouldServeMetricsOnlyWhileThePrometheusFlagIsOn() throws Exception {
        flags.change(current -> FlagEdits.set(current, List.of("prometheus=off"), new Change("ops", "", Instant.now())));
        awaitOnEveryInstance(f -> !f.prometheus());

        assertThat(instances).allSatisfy(i -> assertThat(metrics(i)).isEqualTo(404));

        flags.change(current -> FlagEdits.set(current, List.of("prometheus=on"), new Change("ops", "", Instant.now())));
        awaitOnEveryInstance(FeatureFlags::prometheus);

        assertThat(instances).allSatisfy(i -> assertThat(metrics(i)).isEqualTo(200));
    }
}
