package com.epchat.budget.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.epchat.testsupport.TestKafka;
import com.epchat.topics.TopicCreator;
import com.epchat.topics.Topics;
import com.epchat.topics.event.BudgetDecision;
import com.epchat.topics.event.BudgetLevel;
import com.epchat.topics.event.BudgetState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hard cap on a real broker with exactly-once on: 200 concurrent requests of one user whose worst
 * cases add up to three times the daily budget. The approved reservations, and the spend once every
 * approved job spent all of its reservation, stay within the budget to the micro-dollar, with one
 * budget-streams instance and with two.
 */
class BudgetGuardIntegrationTests {


    @BeforeAll
    static void createTopics() {
        try (Admin admin = TestKafka.admin()) {
            TopicCreator.createMissing(admin, Topics.all());
        }
    }

    @Test
    void shouldHoldTheDailyBudgetUnder200ConcurrentRequestsWithOneInstance() throws Exception {
        String app = TestKafka.uniqueName("budget-one");
        try (BudgetStreamsProcess instance = BudgetStreamsProcess.inThisJvm(settings(app))) {
            runAndCheck(TestKafka.uniqueName("user"));
        }
    }

    @Test
    void shouldHoldTheDailyBudgetUnder200ConcurrentRequestsWithTwoInstances() throws Exception {
        String app = TestKafka.uniqueName("budget-two");
        try (BudgetStreamsProcess first = BudgetStreamsProcess.inThisJvm(settings(app));
                BudgetStreamsProcess second = BudgetStreamsProcess.inThisJvm(settings(app))) {
            // both own tasks before the load starts: the guard's task on one, usage's repartitioning spread over both
            await().atMost(Duration.ofSeconds(90)).until(() -> hasActiveTasks(first.streams())
                    && hasActiveTasks(second.streams()));
            runAndCheck(TestKafka.uniqueName("user"));
        }
    }

    /** Each instance's state directory lies in here, removed after the class. */
    @TempDir
    static Path stateDirs;

    static Map<String, String> settings(String applicationId) throws java.io.IOException {
        return BudgetStreamsProcess.settings(TestKafka.bootstrapServers(), applicationId,
                Files.createTempDirectory(stateDirs, "budget-it"), GuardTraffic.DAILY.toPlainString());
    }

    static boolean hasActiveTasks(KafkaStreams streams) {
        return streams.state() == KafkaStreams.State.RUNNING
                && streams.metadataForLocalThreads().stream().anyMatch(t -> !t.activeTasks().isEmpty());
    }

    static void runAndCheck(String user) throws Exception {
        try (GuardTraffic traffic = new GuardTraffic(TestKafka.bootstrapServers(), user)) {
            traffic.publishConcurrently(GuardTraffic.REQUESTS, 8);

            await().atMost(Duration.ofSeconds(120)).until(() -> traffic.pollDecisions() == GuardTraffic.REQUESTS);

            assertThat(traffic.duplicated()).isEmpty();
            assertThat(traffic.approved()).hasSize(GuardTraffic.FITS)
                    .allSatisfy(d -> assertThat(d.reserved()).isEqualTo(GuardTraffic.WORST_CASE));
            assertThat(traffic.sumOfApprovedReservations()).isLessThanOrEqualTo(GuardTraffic.DAILY)
                    .isEqualTo(GuardTraffic.WORST_CASE.times(GuardTraffic.FITS));
            List<BudgetDecision> rejected = traffic.decisions.values().stream().flatMap(List::stream)
                    .filter(d -> !d.approved()).toList();
            assertThat(rejected).hasSize(GuardTraffic.REQUESTS - GuardTraffic.FITS)
                    .allSatisfy(d -> assertThat(d.rejectedAt()).isEqualTo(BudgetLevel.USER_DAILY));

            traffic.spendEveryReservation();

            await().atMost(Duration.ofSeconds(60)).until(() -> {
                BudgetState day = traffic.userDay();
                return day != null && day.openReservations() == 0 && day.reserved().isZero();
            });
            BudgetState day = traffic.userDay();
            assertThat(day.spent()).isEqualTo(GuardTraffic.WORST_CASE.times(GuardTraffic.FITS)).isLessThanOrEqualTo(GuardTraffic.DAILY);
            assertThat(day.remaining()).isEqualTo(GuardTraffic.DAILY.minus(GuardTraffic.WORST_CASE.times(GuardTraffic.FITS)));
        }
    }
}
