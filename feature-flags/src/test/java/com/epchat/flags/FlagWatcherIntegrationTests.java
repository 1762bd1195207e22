package com.epchat.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.epchat.flags.FlagEdits.Change;
import com.epchat.flags.metrics.FlagMeters;
import com.epchat.testsupport.TestKafka;
import com.epchat.topics.event.FeatureFlags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The watcher and the store on a real broker, each test on a flags topic of its own. */
class FlagWatcherIntegrationTests {

    static final Duration WAIT = Duration.ofSeconds(60);
    static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");

    final String topic = TestKafka.uniqueName("ep.control.flags");
    final List<FlagWatcher> watchers = new ArrayList<>();

    @AfterEach
    void closeWatchers() {
        watchers.forEach(FlagWatcher::close);
    }

    FlagStore store() {
        return new FlagStore(Map.of("bootstrap.servers", TestKafka.bootstrapServers()), topic, Duration.ofSeconds(30));
    }

    static FeatureFlags environment(String instance, boolean autoContinuation) {
        return new FeatureFlags(true, autoContinuation, true, true, "deepseek-v3.1", false, "environment", instance,
                T0, null);
    }

    FlagWatcher watcher(FeatureFlags environment) {
        FlagWatcher watcher = new FlagWatcher(store(), environment, environment.reason());
        watchers.add(watcher);
        return watcher;
    }

    /** Every committed record of the topic, oldest first. */
    List<FeatureFlags> records() {
        FlagStore store = store();
        List<FeatureFlags> all = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = store.reader()) {
            TopicPartition p = new TopicPartition(topic, 0);
            consumer.assign(List.of(p));
            consumer.seekToBeginning(List.of(p));
            long end = consumer.endOffsets(List.of(p)).get(p);
            while (consumer.position(p) < end) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    store.decode(r).ifPresent(all::add);
                }
            }
        }
        return all;
    }

    @Test
    void shouldSeedAnEmptyTopicExactlyOnceWhenInstancesStartTogether() {
        List<FlagWatcher> starting = List.of(watcher(environment("a", true)), watcher(environment("b", false)),
                watcher(environment("c", true)), watcher(environment("d", false)));

        CompletableFuture.allOf(starting.stream().map(w -> CompletableFuture.runAsync(w::start))
                .toArray(CompletableFuture[]::new)).join();

        List<FeatureFlags> written = records();
        assertThat(written).hasSize(1);
        assertThat(starting).allSatisfy(w -> assertThat(w.current()).isEqualTo(written.get(0)));
    }

    @Test
    void shouldKeepTheFlagsOnTheTopicRatherThanItsOwnEnvironment() {
        FeatureFlags operator = FlagEdits.set(environment("ops", true), List.of("autoContinuation=off"),
                new Change("alice", "incident", T0.plusSeconds(5)));
        store().update(latest -> Optional.of(operator));

        FlagWatcher late = watcher(environment("late", true));
        late.start();

        assertThat(late.current()).isEqualTo(operator);
        assertThat(records()).containsExactly(operator);
    }

    @Test
    void shouldBringAChangeToEveryInstanceAndTellItsListeners() {
        FlagWatcher one = watcher(environment("one", true));
        FlagWatcher two = watcher(environment("two", true));
        List<FeatureFlags> heard = new CopyOnWriteArrayList<>();
        two.addListener((before, after) -> heard.add(after));
        one.start();
        two.start();

        FlagStore.Result result = store().update(latest -> Optional.of(
                FlagEdits.emergency(latest.orElseThrow(), new Change("alice", "incident 42", T0.plusSeconds(60)))));

        FeatureFlags emergency = result.written().orElseThrow();
        await().atMost(WAIT).until(() -> one.current().equals(emergency) && two.current().equals(emergency));
        assertThat(heard).containsExactly(emergency);
    }

    @Test
    void shouldShowEachFlagAsAGaugeThatFollowsTheChanges() {
        FlagWatcher watcher = watcher(environment("metrics", true));
        watcher.start();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new FlagMeters(watcher).bindTo(registry);

        assertThat(gauge(registry, "auto_continuation")).isEqualTo(1.0);
        assertThat(gauge(registry, "model_deepseek-v3.1")).isEqualTo(1.0);
        assertThat(gauge(registry, "model_deepseek-chat")).isEqualTo(0.0);

        store().update(latest -> Optional.of(FlagEdits.emergency(latest.orElseThrow(),
                new Change("alice", "incident", T0.plusSeconds(60)))));

        await().atMost(WAIT).until(() -> gauge(registry, "auto_continuation") == 0.0);
        assertThat(gauge(registry, "model_deepseek-chat")).isEqualTo(1.0);
        assertThat(gauge(registry, "budget_guard")).isEqualTo(1.0);
        assertThat(registry.get(FlagMeters.CHANGED).gauge().value()).isEqualTo(T0.plusSeconds(60).getEpochSecond());
    }

    static double gauge(SimpleMeterRegistry registry, String flag) {
        return registry.get(FlagMeters.FLAG).tag("flag", flag).gauge().value();
    }

    @Test
    void shouldStartOnTheLatestStateWithoutReplayingTheHistoryAsChanges() {
        FlagStore store = store();
        store.update(latest -> Optional.of(environment("history", true)));
        for (String change : List.of("autoContinuation=off", "EP_128K_MODE=disabled", "autoContinuation=on")) {
            store.update(latest -> Optional.of(FlagEdits.set(latest.orElseThrow(), List.of(change),
                    new Change("alice", change, T0.plusSeconds(60)))));
        }
        FeatureFlags latest = store.read().orElseThrow();
        FlagWatcher watcher = watcher(environment("restarted", true));
        List<FeatureFlags> heard = new CopyOnWriteArrayList<>();
        watcher.addListener((before, after) -> heard.add(after));

        watcher.start();
        store.update(l -> Optional.of(FlagEdits.set(l.orElseThrow(), List.of("prometheus=off"),
                new Change("bob", "marker", T0.plusSeconds(120)))));

        await().atMost(WAIT).until(() -> !watcher.current().prometheus());
        assertThat(heard).singleElement().satisfies(f -> assertThat(f.previous()).isEqualTo(
                FlagEdits.withoutHistory(latest)));
    }

    @Test
    void shouldIgnoreARecordNamingAnUnknownModel() {
        FlagWatcher watcher = watcher(environment("strict", true));
        watcher.start();
        FeatureFlags before = watcher.current();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestKafka.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, FeatureFlags.KEY, "{\"extendedContext\":true,"
                    + "\"autoContinuation\":true,\"longOutputGuard\":true,\"prometheus\":true,"
                    + "\"defaultModel\":\"gpt-4\",\"budgetGuard\":false,\"changedBy\":\"mallory\"}"));
            producer.send(new ProducerRecord<>(topic, FeatureFlags.KEY, "not json"));
        }
        FeatureFlags good = FlagEdits.set(before, List.of("prometheus=off"),
                new Change("bob", "after the bad ones", T0.plusSeconds(60)));
        store().update(l -> Optional.of(good));

        await().atMost(WAIT).until(() -> !watcher.current().prometheus());
        assertThat(watcher.current()).isEqualTo(good);
    }
}
