package com.epchat.worker.config;

import com.epchat.worker.intake.DecisionIntake;
import java.util.Collection;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;

/** Lets the container factory name the intake as its rebalance listener without a bean cycle. */
final class LazyRebalanceListener implements ConsumerAwareRebalanceListener {

    private final ObjectProvider<DecisionIntake> intake;

    LazyRebalanceListener(ObjectProvider<DecisionIntake> intake) {
        this.intake = intake;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        intake.getObject().onPartitionsAssigned(consumer, partitions);
    }

    @Override
    public void onPartitionsRevokedBeforeCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        intake.getObject().onPartitionsRevokedBeforeCommit(consumer, partitions);
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        intake.getObject().onPartitionsLost(consumer, partitions);
    }
}
