package com.epchat.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.epchat.testsupport.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

/**
 * The follower on a real broker, with a compacted String topic of its own per test: it reads from the
 * beginning, says it caught up only once the records that existed at start are applied, keeps
 * following, serves a read barrier, starts reading once a missing topic appears, skips an unreadable
 * record, and stops.
 */
class CompactedTopicFollowerIntegrationTests {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    /** The view the tests feed: the latest value per key, and what it held when the follower caught up. */
    private final Map<String, String> view = new ConcurrentHashMap<>();
    private final AtomicReference<Map<String, String>> atCaughtUp = new AtomicReference<>();
    private final AtomicInteger caughtUps = new AtomicInteger();
    private final AtomicBoolean following = new AtomicBoolean();
    private final ReadBarrier barrier = new ReadBarrier();
    private final String topic = TestKafka.uniqueName("follower-test");
    private CompactedTopicFollower<String, String> follower;

    @AfterEach
    void stopFollower() {
        if (follower != null) {
            follower.stop();
        }
    }

    @Test
    void shouldReportCaughtUpOnlyAfterTheRecordsThatExistedAtStartAndKeepFollowing() throws Exception {
        createTopic();
        Map<String, String> before = Map.copyOf(IntStream.range(0, 40).boxed()
                .collect(Collectors.toMap(i -> "k" + (i % 20), i -> "v" + i, (a, b) -> b)));
        send(IntStream.range(0, 40).mapToObj(i -> new String[] {"k" + (i % 20), "v" + i}).toList());

        start(new StringDeserializer());
        await().atMost(PATIENCE).until(() -> caughtUps.get() == 1);

        assertThat(atCaughtUp.get()).isEqualTo(before);
        assertThat(following).isTrue();
        send(List.of(new String[] {"k0", "later"}, new String[] {"new", "key"}));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(view).containsEntry("k0", "later").containsEntry("new", "key"));
        assertThat(caughtUps).hasValue(1);
    }

    @Test
    void shouldHaveReadEveryAcknowledgedRecordWhenTheBarrierLetsAReaderGo() throws Exception {
        createTopic();
        start(new StringDeserializer());
        await().atMost(PATIENCE).until(() -> caughtUps.get() == 1);

        send(List.<String[]>of(new String[] {"written", "before the ticket"}));
        long began = System.nanoTime();
        barrier.await(PATIENCE);

        // released, not timed out: the record acknowledged before the ticket is in the view
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(PATIENCE);
        assertThat(view).containsEntry("written", "before the ticket");
    }

    @Test
    void shouldStartReadingOnceAMissingTopicIsCreated() throws Exception {
        start(new StringDeserializer());
        // the topic does not exist: attempts fail and are retried, nothing is followed meanwhile
        await().during(Duration.ofSeconds(3)).atMost(PATIENCE).until(() -> !following.get() && follower.isRunning());

        createTopic();
        send(List.<String[]>of(new String[] {"late", "topic"}));

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(view).containsEntry("late", "topic"));
        await().atMost(PATIENCE).until(following::get);
    }

    @Test
    void shouldSkipAnUnreadableRecordAndReadOn() throws Exception {
        createTopic();
        send(List.of(new String[] {"a", "1"}, new String[] {"bad", "poison"}, new String[] {"b", "2"}));

        start((t, data) -> {
            String value = new String(data, StandardCharsets.UTF_8);
            if ("poison".equals(value)) {
                throw new SerializationException("unreadable");
            }
            return value;
        });

        await().atMost(PATIENCE).until(() -> caughtUps.get() == 1);
        assertThat(view).isEqualTo(Map.of("a", "1", "b", "2"));
    }

    @Test
    void shouldStopFollowingAndLetReadersGoWhenStopped() {
        createTopic();
        start(new StringDeserializer());
        await().atMost(PATIENCE).until(following::get);

        follower.stop();

        assertThat(follower.isRunning()).isFalse();
        assertThat(following).isFalse();
        long began = System.nanoTime();
        barrier.await(PATIENCE);
        assertThat(Duration.ofNanos(System.nanoTime() - began)).as("closed: a reader does not wait for a stopped follower")
                .isLessThan(PATIENCE);
    }

    private void start(Deserializer<String> values) {
        KafkaProperties kafka = new KafkaProperties();
        kafka.setBootstrapServers(List.of(TestKafka.bootstrapServers()));
        follower = CompactedTopicFollower.follow("follower-test", List.of(topic), StringDeserializer::new, () -> values)
                .onRecord(r -> {
                    if (r.value() == null) {
                        view.remove(r.key());
                    } else {
                        view.put(r.key(), r.value());
                    }
                })
                .onCaughtUp(() -> {
                    atCaughtUp.set(Map.copyOf(view));
                    caughtUps.incrementAndGet();
                })
                .onFollowing(following::set)
                .readBarrier(barrier)
                .build(kafka);
        follower.start();
    }

    private void createTopic() {
        try (var admin = TestKafka.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1).configs(Map.of("cleanup.policy", "compact"))))
                    .all().get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void send(List<String[]> records) throws Exception {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            for (String[] r : records) {
                producer.send(new ProducerRecord<>(topic, r[0], r[1])).get();
            }
        }
    }
}
