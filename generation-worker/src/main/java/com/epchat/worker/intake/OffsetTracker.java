package com.epchat.worker.intake;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.support.Acknowledgment;

/**
 * Acknowledges decisions in offset order although their jobs end in any order: a decision is
 * acknowledged (and so its offset committed) only once every decision before it on its partition has
 * ended. A job that runs for an hour therefore delays the commit of the jobs behind it, never their
 * processing; after a crash those are redelivered and skipped, since Kafka shows them ended.
 * spring-kafka's own out-of-order acks pause the consumer until a whole poll is acknowledged, which
 * would let one long job hold up the partition: this is the small part it lacks.
 */
final class OffsetTracker {

    private static final class Pending {

        final Acknowledgment ack;
        boolean done;

        Pending(Acknowledgment ack) {
            this.ack = ack;
        }
    }

    private final Map<TopicPartition, TreeMap<Long, Pending>> inFlight = new HashMap<>();

    synchronized void started(TopicPartition partition, long offset, Acknowledgment ack) {
        inFlight.computeIfAbsent(partition, p -> new TreeMap<>()).put(offset, new Pending(ack));
    }

    synchronized void done(TopicPartition partition, long offset) {
        TreeMap<Long, Pending> pending = inFlight.get(partition);
        if (pending == null || !pending.containsKey(offset)) {
            return; // the partition moved away meanwhile: the next owner decides
        }
        pending.get(offset).done = true;
        while (!pending.isEmpty() && pending.firstEntry().getValue().done) {
            pending.pollFirstEntry().getValue().ack.acknowledge();
        }
    }

    /** The partitions moved to another worker: nothing more is acknowledged for them here. */
    synchronized void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(inFlight::remove);
    }

    synchronized int pending() {
        return inFlight.values().stream().mapToInt(Map::size).sum();
    }
}
