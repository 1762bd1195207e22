package com.epchat.budget.guard;

import static org.assertj.core.api.Assertions.assertThat;

import com.epchat.budget.ledger.BudgetWindows;
import com.epchat.pricing.ModelCatalog;
import com.epchat.pricing.PriceList;
import com.epchat.topics.money.Usd;
import java.time.Duration;
import java.time.ZoneId;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

/** Everything Kafka Streams would otherwise number is named: processors, stores, repartition topics. */
class TopologyNamingTests {

    final TopologyDescription description = describe();

    static TopologyDescription describe() {
        StreamsBuilder builder = new StreamsBuilder();
        BudgetTopology.build(builder, new GuardSettings(new RequestGuard(Usd.of("0.40"),
                ModelCatalog.defaults(131_072, true), PriceList.uniform(GuardFixture.PRICES)), Usd.of("2.50"),
                Usd.of("8.00"), new BudgetWindows(ZoneId.of("UTC"), Duration.ofHours(1))));
        return builder.build().describe();
    }

    @Test
    void shouldNameEveryNode() {
        assertThat(description.toString()).doesNotContain("KSTREAM-").doesNotContain("KTABLE-");
    }

    @Test
    void shouldUseTheNamedRepartitionTopicAndStores() {
        assertThat(description.toString())
                .contains("usage-to-guard-repartition")
                .contains(BudgetStores.USER_SPEND, BudgetStores.USER_JOBS, BudgetStores.SITE_SPEND,
                        BudgetStores.SITE_JOBS);
    }

    @Test
    void shouldDecideEveryLevelInOneSubTopologyReadStraightFromTheRequests() {
        // one commit per decision: no repartition topic between a request and its decision
        TopologyDescription.Subtopology guard = description.subtopologies().stream()
                .filter(s -> s.nodes().stream().anyMatch(n -> n.name().equals("user-stage")))
                .findFirst().orElseThrow();

        assertThat(guard.nodes()).extracting(TopologyDescription.Node::name)
                .contains("read-generation-requests", "user-stage", "site-stage", "user-stage-compensate")
                .doesNotContain("read-usage");
        assertThat(guard.nodes()).filteredOn(n -> n instanceof TopologyDescription.Source)
                .flatExtracting(n -> ((TopologyDescription.Source) n).topicSet())
                .containsExactlyInAnyOrder("ep.generation.requests", "usage-to-guard-repartition");
        assertThat(description.subtopologies()).hasSize(2);
    }
}
