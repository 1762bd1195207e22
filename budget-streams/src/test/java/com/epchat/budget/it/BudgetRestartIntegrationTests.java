package com.epchat.budget.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.epchat.testsupport.TestKafka;
import com.epchat.topics.TopicCreator;
import com.epchat.topics.Topics;
import com.epchat.topics.event.BudgetState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * budget-streams killed with SIGKILL in the middle of a run (an open transaction, nothing closed) and
 * started again on an empty state directory: every request gets exactly one decision, and the books
 * restored from the changelog topics keep the daily budget exact.
 */
class BudgetRestartIntegrationTests {


    @BeforeAll
    static void createTopics() {
        try (Admin admin = TestKafka.admin()) {
            TopicCreator.createMissing(admin, Topics.all());
        }
    }

    /** Each instance's state directory lies in here, removed after the class. */
    @TempDir
    static Path stateDirs;

    static Map<String, String> settings(String applicationId) throws java.io.IOException {
        return BudgetStreamsProcess.settings(TestKafka.bootstrapServers(), applicationId,
                Files.createTempDirectory(stateDirs, "budget-restart"), GuardTraffic.DAILY.toPlainString());
    }

    @Test
    void shouldLoseAndDoubleNoDecisionWhenBudgetStreamsIsKilledMidRun() throws Exception {
        String app = TestKafka.uniqueName("budget-restart");
        Path log = Path.of("target", app + ".log");
        try (GuardTraffic traffic = new GuardTraffic(TestKafka.bootstrapServers(), TestKafka.uniqueName("user"));
                BudgetStreamsProcess first = BudgetStreamsProcess.forked(settings(app), log)) {
            var publisher = traffic.publishPaced(GuardTraffic.REQUESTS, Duration.ofMillis(50));

            await().atMost(Duration.ofSeconds(120)).until(() -> traffic.pollDecisions() >= 40);
            first.kill();
            int decidedBeforeTheCrash = traffic.pollDecisions();
            assertThat(first.isAlive()).isFalse();
            assertThat(decidedBeforeTheCrash).as("the crash falls in the middle of the run").isLessThan(GuardTraffic.REQUESTS);

            try (BudgetStreamsProcess second = BudgetStreamsProcess.forked(settings(app), log)) {
                await().atMost(Duration.ofSeconds(180)).until(() -> traffic.pollDecisions() == GuardTraffic.REQUESTS);
                // and nothing more turns up afterwards: no request decided twice
                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                        .until(() -> traffic.pollDecisions() == GuardTraffic.REQUESTS && traffic.duplicated().isEmpty());
                assertThat(publisher.isShutdown()).isTrue();

                assertThat(traffic.approved()).hasSize(GuardTraffic.FITS);
                assertThat(traffic.sumOfApprovedReservations()).isLessThanOrEqualTo(GuardTraffic.DAILY)
                        .isEqualTo(GuardTraffic.WORST_CASE.times(GuardTraffic.FITS));

                traffic.spendEveryReservation();
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    BudgetState day = traffic.userDay();
                    return day != null && day.openReservations() == 0 && day.reserved().isZero();
                });
                assertThat(traffic.userDay().spent()).isEqualTo(GuardTraffic.WORST_CASE.times(GuardTraffic.FITS))
                        .isLessThanOrEqualTo(GuardTraffic.DAILY);
            }
        }
    }
}
