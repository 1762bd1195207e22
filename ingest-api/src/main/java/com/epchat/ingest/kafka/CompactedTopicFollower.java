package com.epchat.ingest.kafka;

import com.epchat.topics.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;

/**
 * Follows compacted topics into an in-memory view: one plain consumer on a daemon thread of its own,
 * no group and nothing committed, every partition of the topics assigned, read from the beginning (or
 * from a point in time, {@link Builder#from}), {@code read_committed} unless told otherwise.
 * <p>
 * Out: every record with a key, in partition order, to {@link Builder#onRecord}; {@link Builder#onCaughtUp}
 * once it has read up to the end offsets it found when it started reading (the view is then "loaded");
 * {@link Builder#housekeeping} every period (eviction); the tickets of a {@link ReadBarrier} released
 * once it has read up to the end offsets taken after them; {@link Builder#onFollowing} true when
 * reading starts, false when the follower stops.
 * <p>
 * Why not a group or a GlobalKTable: every instance needs the whole topic, nothing needs committing
 * (a restart re-reads it in seconds), and Kafka Streams with its state directory would be a second
 * runtime in a web service for a map. When reading fails (broker unreachable, a topic missing), the
 * consumer is closed and a new one reads again from the start a second later: the view's callbacks
 * must be idempotent, as keeping the latest record per key is. An unreadable record is skipped.
 * Stopped with {@code wakeup()}, as a {@link SmartLifecycle} that starts before the web server takes
 * requests and stops after it.
 */
public class CompactedTopicFollower<K, V> implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CompactedTopicFollower.class);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

    private final Builder<K, V> how;
    private final Map<String, Object> consumerProps;
    private final Duration poll;
    private volatile KafkaConsumer<K, V> consumer;
    private volatile Thread thread;
    private volatile boolean running;

    /** A follower of one topic of the catalogue; {@code name} names its thread and its client id. */
    public static <K, V> Builder<K, V> follow(String name, Topic<K, V> topic) {
        return follow(name, List.of(topic.name()), () -> topic.keySerde().deserializer(),
                () -> topic.valueSerde().deserializer());
    }

    /** A follower of several topics with the same key and value types (each consumer gets new deserializers). */
    public static <K, V> Builder<K, V> follow(String name, List<String> topics, Supplier<Deserializer<K>> keys,
            Supplier<Deserializer<V>> values) {
        return new Builder<>(name, List.copyOf(topics), keys, values);
    }

    protected CompactedTopicFollower(KafkaProperties kafka, Builder<K, V> how) {
        this.how = how;
        this.consumerProps = new HashMap<>(kafka.buildConsumerProperties());
        consumerProps.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        if (how.readCommitted) {
            // the writer commits in transactions: never show an aborted record
            consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        }
        consumerProps.put(ConsumerConfig.CLIENT_ID_CONFIG, "ingest-" + how.name + "-" + UUID.randomUUID().toString().substring(0, 8));
        // a waiting lookup is served at the next poll: keep it short when one may wait
        this.poll = how.barrier != null ? Duration.ofMillis(100) : Duration.ofSeconds(1);
    }

    private void run() {
        try {
            while (running) {
                try (KafkaConsumer<K, V> c = new KafkaConsumer<>(consumerProps, how.keys.get(), how.values.get())) {
                    consumer = c;
                    if (running) {
                        follow(c);
                    }
                } catch (WakeupException e) {
                    // stop() asked us to
                } catch (RuntimeException e) {
                    log.warn("{}: {}; reading again from the start in {}", how.name, e.toString(), RETRY_PAUSE);
                    LockSupport.parkNanos(RETRY_PAUSE.toNanos());
                }
            }
        } finally {
            if (how.barrier != null) {
                how.barrier.close();
            }
            how.onFollowing.accept(false);
        }
    }

    private void follow(KafkaConsumer<K, V> c) {
        List<TopicPartition> partitions = partitionsOf(c);
        c.assign(partitions);
        Map<TopicPartition, Long> endsAtStart = c.endOffsets(partitions);
        seekToStart(c, partitions, endsAtStart);
        how.onFollowing.accept(true);
        boolean caughtUp = false;
        long nextHousekeeping = System.nanoTime() + how.housekeepingEvery.toNanos();
        while (running) {
            long ticket = how.barrier == null ? 0 : how.barrier.pending();
            if (ticket > 0) {
                Map<TopicPartition, Long> ends = c.endOffsets(partitions);
                while (running && !reached(c, ends)) {
                    pollOnce(c);
                }
                how.barrier.release(ticket);
            } else {
                pollOnce(c);
            }
            if (!caughtUp && reached(c, endsAtStart)) {
                caughtUp = true;
                log.info("{} caught up: {} partitions", how.name, partitions.size());
                how.onCaughtUp.run();
            }
            if (how.housekeeping != null && System.nanoTime() - nextHousekeeping > 0) {
                how.housekeeping.run();
                nextHousekeeping = System.nanoTime() + how.housekeepingEvery.toNanos();
            }
        }
    }

    private void pollOnce(KafkaConsumer<K, V> c) {
        try {
            for (ConsumerRecord<K, V> r : c.poll(poll)) {
                if (r.key() != null) {
                    how.onRecord.accept(r);
                }
            }
        } catch (RecordDeserializationException e) {
            // a reader has no dead-letter duty: the record stays on the topic for its writer to see
            log.warn("{}: skipped an unreadable record at {}@{}: {}", how.name, e.topicPartition(), e.offset(),
                    e.getMessage());
            c.seek(e.topicPartition(), e.offset() + 1);
        }
    }

    /** Every partition of every topic; a topic that does not exist (yet) fails this attempt. */
    private List<TopicPartition> partitionsOf(KafkaConsumer<K, V> c) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : how.topics) {
            var infos = c.partitionsFor(topic);
            if (infos.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " not found");
            }
            infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        }
        return partitions;
    }

    /** Seeks to the view's start; a partition with nothing since then starts at {@code ends}, taken before. */
    private void seekToStart(KafkaConsumer<K, V> c, List<TopicPartition> partitions, Map<TopicPartition, Long> ends) {
        if (how.from == null) {
            c.seekToBeginning(partitions);
            return;
        }
        long from = how.from.get().toEpochMilli();
        // the ends were taken first and are sought to as offsets: seekToEnd is resolved only at the next poll,
        // so a record written in between (a job accepted as this instance starts) would be skipped for good
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(tp -> query.put(tp, from));
        Map<TopicPartition, OffsetAndTimestamp> offsets = c.offsetsForTimes(query);
        for (TopicPartition tp : partitions) {
            OffsetAndTimestamp start = offsets.get(tp);
            c.seek(tp, start == null ? ends.get(tp) : start.offset());
        }
    }

    private static boolean reached(KafkaConsumer<?, ?> c, Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(e -> c.position(e.getKey()) >= e.getValue());
    }

    @Override
    public void start() {
        running = true;
        if (how.barrier != null) {
            how.barrier.reopen();
        }
        thread = new Thread(this::run, how.name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        KafkaConsumer<K, V> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
            try {
                t.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        thread = null;
        consumer = null;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the web server starts taking requests (a lookup never finds the view not started), stopped after it. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    /** What a follower reads and what it tells the view; {@link #build} makes it. */
    public static final class Builder<K, V> {

        private final String name;
        private final List<String> topics;
        private final Supplier<Deserializer<K>> keys;
        private final Supplier<Deserializer<V>> values;
        private Consumer<ConsumerRecord<K, V>> onRecord = r -> { };
        private Runnable onCaughtUp = () -> { };
        private Consumer<Boolean> onFollowing = following -> { };
        private Runnable housekeeping;
        private Duration housekeepingEvery = Duration.ZERO;
        private ReadBarrier barrier;
        private Supplier<Instant> from;
        private boolean readCommitted = true;

        private Builder(String name, List<String> topics, Supplier<Deserializer<K>> keys, Supplier<Deserializer<V>> values) {
            this.name = name;
            this.topics = topics;
            this.keys = keys;
            this.values = values;
        }

        /** Each record with a key (a null value is a tombstone), on the follower's thread. */
        public Builder<K, V> onRecord(Consumer<ConsumerRecord<K, V>> onRecord) {
            this.onRecord = onRecord;
            return this;
        }

        /** Read up to the ends found when reading (re)started: once per start, again after a retry. */
        public Builder<K, V> onCaughtUp(Runnable onCaughtUp) {
            this.onCaughtUp = onCaughtUp;
            return this;
        }

        /** True once the partitions are assigned (again after a retry), false when the follower stops. */
        public Builder<K, V> onFollowing(Consumer<Boolean> onFollowing) {
            this.onFollowing = onFollowing;
            return this;
        }

        /** Runs {@code task} on the follower's thread every {@code every}, the first time after one period. */
        public Builder<K, V> housekeeping(Duration every, Runnable task) {
            this.housekeepingEvery = every;
            this.housekeeping = task;
            return this;
        }

        /** Serves {@code barrier}'s tickets; it is open from start until the follower stops. */
        public Builder<K, V> readBarrier(ReadBarrier barrier) {
            this.barrier = barrier;
            return this;
        }

        /** Reads from the first record at or after this time (asked at each start) instead of the beginning. */
        public Builder<K, V> from(Supplier<Instant> from) {
            this.from = from;
            return this;
        }

        /** For a topic written without transactions: the consumer's configured isolation level stands. */
        public Builder<K, V> isolationAsConfigured() {
            this.readCommitted = false;
            return this;
        }

        public CompactedTopicFollower<K, V> build(KafkaProperties kafka) {
            return new CompactedTopicFollower<>(kafka, this);
        }
    }
}
