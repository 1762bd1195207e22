package com.epchat.topics;

import static org.assertj.core.api.Assertions.assertThat;

import com.epchat.topics.money.Usd;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

class TopicsTests {

    @Test
    void shouldPartitionTheTopicsKeyedByUserAlikeAndTheRequestsForTheGuardsOneTask() {
        assertThat(Topics.BUDGET_DECISIONS.partitions())
                .isEqualTo(Topics.BUDGET_DECISIONS_BULK.partitions())
                .isEqualTo(Topics.USAGE.partitions())
                .isEqualTo(Topics.USER_PARTITIONS);
        // budget-streams decides every request in one task, straight from the topic: one commit per decision
        assertThat(Topics.GENERATION_REQUESTS.partitions()).isEqualTo(Topics.GUARD_PARTITIONS).isEqualTo(1);
    }

    @Test
    void shouldCreateCompactedTopicsAsCompacted() {
        assertThat(Topics.JOB_STATUS.toNewTopic().configs())
                .containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        assertThat(Topics.GENERATION_CHUNKS.toNewTopic().configs())
                .containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE)
                .containsEntry(TopicConfig.RETENTION_MS_CONFIG, "86400000");
    }

    @Test
    void shouldKeepBatchStateAndResultsCompactedForAConfiguredTime() {
        assertThat(Topics.BATCH_RESULTS.toNewTopic().configs())
                .containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, "compact,delete")
                .containsEntry(TopicConfig.RETENTION_MS_CONFIG, Long.toString(Duration.ofDays(30).toMillis()));
    }

    @Test
    void shouldPutABatchAndItsResultsOnThePartitionTheDefaultPartitionerGivesTheBatchId() {
        byte[] key = "batch_7f3a".getBytes(StandardCharsets.UTF_8);
        int defaultPartitioner = BuiltInPartitioner.partitionForKey(key, Topics.BATCH_PARTITIONS);

        assertThat(Topics.batchPartition("batch_7f3a")).isEqualTo(defaultPartitioner);
        assertThat(List.of(Topics.BATCH_INPUT, Topics.BATCH_OUTCOMES, Topics.BATCH_STATE, Topics.BATCH_RESULTS))
                .allSatisfy(topic -> assertThat(topic.partitions()).isEqualTo(Topics.BATCH_PARTITIONS));
    }

    @Test
    void shouldDocumentEveryTopicInTheModuleReadme() throws Exception {
        String readme = Files.readString(Path.of("README.md"));

        assertThat(Topics.all()).allSatisfy(topic -> assertThat(readme).contains("`" + topic.name() + "`"));
    }

    @Test
    void shouldKeepMoneyExact() {
        Usd tenth = Usd.of("0.1");
        Usd sum = Usd.ZERO;
        for (int i = 0; i < 10; i++) {
            sum = sum.plus(tenth);
        }
        assertThat(sum).isEqualTo(Usd.of("1.0"));
        assertThat(Usd.ofMicros(1_400)).isEqualTo(Usd.of(new BigDecimal("0.0014")));
        assertThat(Usd.of("0.40").toPlainString()).isEqualTo("0.4");
    }
}
