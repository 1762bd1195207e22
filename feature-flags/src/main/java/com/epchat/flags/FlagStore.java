package com.epchat.flags;

import com.epchat.topics.Topic;
import com.epchat.topics.TopicCreator;
import com.epchat.topics.Topics;
import com.epchat.topics.event.FeatureFlags;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes the one record of the flags topic ({@code ep.control.flags}, key
 * {@value FeatureFlags#KEY}). Every write is a read-modify-write inside a Kafka transaction under one
 * transactional id per topic: a writer that starts fences the one before it (whose open transaction is
 * aborted), and reads {@code read_committed} only after that. Writers are therefore serialised: two
 * services seeding an empty topic at once write one seed, and a seed never overwrites an operator's
 * change made in between.
 */
public final class FlagStore {

    private static final Logger log = LoggerFactory.getLogger(FlagStore.class);
    private static final int ATTEMPTS = 20;

    private final Map<String, Object> client;
    private final Topic<String, FeatureFlags> topic;
    private final Duration timeout;

    /** What a write found and what it wrote (empty when the change left the state as it was). */
    public record Result(Optional<FeatureFlags> before, Optional<FeatureFlags> written) {

        public Optional<FeatureFlags> current() {
            return written.isPresent() ? written : before;
        }
    }

    /**
     * @param client bootstrap servers and any security settings, shared by the clients this store makes
     * @param topicName {@code ep.control.flags}, or a test's own
     */
    public FlagStore(Map<String, Object> client, String topicName, Duration timeout) {
        this.client = Map.copyOf(client);
        Topic<String, FeatureFlags> spec = Topics.FEATURE_FLAGS;
        this.topic = new Topic<>(topicName, spec.keySerde(), spec.valueSerde(), spec.partitions(), spec.cleanup(),
                spec.retention());
        this.timeout = timeout;
    }

    public static FlagStore of(String bootstrapServers, Duration timeout) {
        return new FlagStore(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                Topics.FEATURE_FLAGS.name(), timeout);
    }

    public String topicName() {
        return topic.name();
    }

    public Map<String, Object> client() {
        return client;
    }

    /** Creates the topic as the contract declares it, unless it exists. */
    public void createTopic() {
        Map<String, Object> props = new HashMap<>(client);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 10_000));
        try (Admin admin = Admin.create(props)) {
            TopicCreator.createMissing(admin, List.of(topic));
        }
    }

    /** The latest committed usable flags, or empty when none was ever written (or the topic does not exist). */
    public Optional<FeatureFlags> read() {
        try (KafkaConsumer<String, byte[]> consumer = reader()) {
            if (consumer.partitionsFor(topic.name(), timeout).isEmpty()) {
                return Optional.empty();
            }
            TopicPartition partition = new TopicPartition(topic.name(), 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), timeout).get(partition);
            long deadline = System.nanoTime() + timeout.toNanos();
            FeatureFlags latest = null;
            while (consumer.position(partition, timeout) < end) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("timed out reading " + topic.name() + " at " + servers());
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (FeatureFlags.KEY.equals(r.key())) {
                        // an unusable record (a hand-written one naming an unknown model) is skipped, as the watchers skip it
                        latest = r.value() == null ? null
                                : decode(r).filter(f -> FlagEdits.problem(f).isEmpty()).orElse(latest);
                    }
                }
            }
            return Optional.ofNullable(latest);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new IllegalStateException("cannot reach Kafka at " + servers() + " to read " + topic.name()
                    + " within " + timeout.toSeconds() + " s", e);
        }
    }

    /**
     * Reads the latest flags and writes {@code change.apply(latest)} unless it is empty, as one
     * transaction; retried from the read when the transaction did not commit ({@link #retriable}).
     * Creates the topic first if it is missing.
     */
    public Result update(Function<Optional<FeatureFlags>, Optional<FeatureFlags>> change) {
        createTopic();
        for (int attempt = 1; ; attempt++) {
            KafkaProducer<String, byte[]> producer = writer();
            try {
                producer.initTransactions();
                Optional<FeatureFlags> before = read();
                Optional<FeatureFlags> next = change.apply(before);
                if (next.isEmpty()) {
                    return new Result(before, Optional.empty());
                }
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(topic.name(), 0, FeatureFlags.KEY,
                        topic.valueSerde().serializer().serialize(topic.name(), next.get())));
                producer.commitTransaction();
                return new Result(before, next);
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                throw new IllegalStateException("cannot reach Kafka at " + servers() + " to write " + topic.name()
                        + " within " + timeout.toSeconds() + " s", e);
            } catch (KafkaException e) {
                if (!retriable(e) && !retriable(e.getCause())) {
                    throw new IllegalStateException("cannot write " + topic.name() + ": " + e.getMessage(), e);
                }
                retryAfter(attempt, e);
            } finally {
                producer.close(Duration.ofSeconds(5));
            }
        }
    }

    /**
     * Errors after which the transaction did not commit and the update is read and tried again: another
     * writer fenced this one, or the broker refused a write of a transaction it did not see the partition
     * join (INVALID_TXN_STATE, "Partition was not added to the transaction"), which a new producer of the
     * same transactional id can meet while the markers of its predecessor's transaction are being written.
     */
    private static boolean retriable(Throwable e) {
        return e instanceof ProducerFencedException || e instanceof InvalidProducerEpochException
                || e instanceof InvalidTxnStateException;
    }

    private void retryAfter(int attempt, RuntimeException e) {
        if (attempt >= ATTEMPTS) {
            throw new IllegalStateException("gave up writing " + topic.name() + " after " + attempt
                    + " attempts: its transaction kept failing to commit (other writers fencing it?)", e);
        }
        log.debug("the write to {} did not commit (attempt {}: {}); reading again", topic.name(), attempt,
                e.toString());
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(50, 100L * Math.min(attempt, 10)));
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing " + topic.name(), ie);
        }
    }

    /** A record decoded, or empty (and a warning) when it is not a flags record. */
    Optional<FeatureFlags> decode(ConsumerRecord<String, byte[]> record) {
        try {
            return Optional.of(topic.valueSerde().deserializer().deserialize(topic.name(), record.value()));
        } catch (RuntimeException e) {
            log.warn("ignoring an unreadable record at {}-{}@{}: {}", topic.name(), record.partition(),
                    record.offset(), e.getMessage());
            return Optional.empty();
        }
    }

    /** A consumer of the flags partition: no group (it is assigned), committed records only. */
    KafkaConsumer<String, byte[]> reader() {
        Map<String, Object> props = new HashMap<>(client);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "ep-flags-reader-" + UUID.randomUUID().toString().substring(0, 8));
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 10_000));
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private KafkaProducer<String, byte[]> writer() {
        Map<String, Object> props = new HashMap<>(client);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "ep-flags-writer-" + topic.name());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "ep-flags-writer-" + UUID.randomUUID().toString().substring(0, 8));
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 10_000));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(timeout.toMillis(), 10_000));
        props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 60_000);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    private Object servers() {
        return client.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
    }
}
