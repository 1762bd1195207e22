package com.epchat.budget.config;

import com.epchat.topics.Topics;
import org.apache.kafka.clients.admin.TopicDescription;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Refuses to start the guard on a requests topic with more partitions than
 * {@link Topics#GUARD_PARTITIONS}. Kafka Streams would make a task per partition, and usage,
 * repartitioned onto one, would settle only in the first: every other task's users would keep their
 * reservations. A topic made before the guard decided in one task has 12; it has to be recreated
 * (budget-streams/README.md says how). Runs after the topics are made and before the streams start.
 */
final class RequestsTopicCheck implements SmartLifecycle {

    private final KafkaAdmin admin;
    private final String topic;
    private final int phase;
    private volatile boolean running;

    /**
     * @param topic the requests topic ({@code ep.generation.requests})
     * @param streamsPhase the phase in which Kafka Streams starts; this check runs just before it
     */
    RequestsTopicCheck(KafkaAdmin admin, String topic, int streamsPhase) {
        this.admin = admin;
        this.topic = topic;
        this.phase = streamsPhase - 1;
    }

    @Override
    public void start() {
        TopicDescription description = admin.describeTopics(topic).get(topic);
        int partitions = description.partitions().size();
        if (partitions != Topics.GUARD_PARTITIONS) {
            throw new IllegalStateException(topic + " has " + partitions + " partitions; budget-streams decides "
                    + "every request in one task and needs " + Topics.GUARD_PARTITIONS + ". Recreate the topic "
                    + "once no request is in flight (budget-streams/README.md, \"Upgrading\")");
        }
        running = true;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return phase;
    }
}
