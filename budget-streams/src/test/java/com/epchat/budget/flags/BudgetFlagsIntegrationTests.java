package com.epchat.budget.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.epchat.budget.BudgetStreamsApplication;
import com.epchat.flags.EnvironmentFlags;
import com.epchat.flags.FlagEdits;
import com.epchat.flags.FlagEdits.Change;
import com.epchat.flags.FlagStore;
import com.epchat.flags.FlagText;
import com.epchat.flags.FlagWatcher;
import com.epchat.testsupport.TestKafka;
import com.epchat.topics.event.FeatureFlags;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Two budget-streams instances on a real broker follow the live flags: each sees an emergency and a restore, without a restart. */
class BudgetFlagsIntegrationTests {

    static final Duration WAIT = Duration.ofSeconds(60);
    static final FeatureFlags DEFAULTS = EnvironmentFlags.from(name -> null, "test", Instant.now());
    static final String APPLICATION_ID = TestKafka.uniqueName("budget-flags-test");

    static List<ConfigurableApplicationContext> instances;
    static FlagStore flags;

    @BeforeAll
    static void startTwoInstances() throws Exception {
        flags = FlagStore.of(TestKafka.bootstrapServers(), Duration.ofSeconds(30));
        instances = List.of(instance(), instance());
    }

    static ConfigurableApplicationContext instance() throws Exception {
        return BudgetStreamsApplication.builder().properties(
                "KAFKA_BOOTSTRAP_SERVERS=" + TestKafka.bootstrapServers(),
                "BUDGET_STREAMS_PORT=0",
                "EP_STATE_DIR=" + Files.createTempDirectory("budget-flags"),
                "spring.kafka.streams.application-id=" + APPLICATION_ID).run();
    }

    @AfterAll
    static void stopInstances() {
        change(current -> FlagEdits.apply(current, DEFAULTS, new Change("test", "reset", Instant.now())));
        instances.forEach(ConfigurableApplicationContext::close);
    }

    static void change(UnaryOperator<FeatureFlags> edit) {
        flags.update(latest -> {
            FeatureFlags next = edit.apply(latest.orElseThrow());
            return FlagText.diff(latest.get(), next).isEmpty() ? Optional.empty() : Optional.of(next);
        });
    }

    static void awaitOnEveryInstance(Predicate<FeatureFlags> state) {
        await().atMost(WAIT).until(() -> instances.stream()
                .allMatch(i -> state.test(i.getBean(FlagWatcher.class).current())));
    }

    static double gauge(ConfigurableApplicationContext instance, String flag) {
        return instance.getBean(MeterRegistry.class).get("ep_chat_feature_flag").tag("flag", flag).gauge().value();
    }

    static int metrics(ConfigurableApplicationContext instance) throws Exception {
        int port = ((WebServerApplicationContext) instance).getWebServer().getPort();
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/api/metrics")).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void shouldShowAnEmergencyAndItsRestoreOnBothInstances() {
        change(current -> FlagEdits.emergency(current, new Change("oncall", "incident", Instant.now())));

        awaitOnEveryInstance(FeatureFlags::budgetGuard);
        assertThat(instances).allSatisfy(i -> {
            assertThat(gauge(i, "budget_guard")).isEqualTo(1.0);
            assertThat(gauge(i, "extended_context")).isZero();
            assertThat(gauge(i, "model_deepseek-chat")).isEqualTo(1.0);
        });

        change(current -> FlagEdits.restore(current, new Change("oncall", "fixed", Instant.now())));

        awaitOnEveryInstance(f -> !f.budgetGuard() && f.extendedContext());
        assertThat(instances).allSatisfy(i -> assertThat(gauge(i, "model_deepseek-v3.1")).isEqualTo(1.0));
    }

    @Test
    void shouldServeMetricsOnlyWhileThePrometheusFlagIsOn() throws Exception {
        change(current -> FlagEdits.set(current, List.of("prometheus=off"), new Change("ops", "", Instant.now())));
        awaitOnEveryInstance(f -> !f.prometheus());

        assertThat(instances).allSatisfy(i -> assertThat(metrics(i)).isEqualTo(404));

        change(current -> FlagEdits.set(current, List.of("prometheus=on"), new Change("ops", "", Instant.now())));
        awaitOnEveryInstance(FeatureFlags::prometheus);

        assertThat(instances).allSatisfy(i -> assertThat(metrics(i)).isEqualTo(200));
    }
}
