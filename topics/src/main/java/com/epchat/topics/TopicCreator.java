package com.epchat.topics;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the catalogue's topics with a plain admin client, idempotently: topics that exist are
 * left as they are. Spring services get the same through {@code KafkaAdmin}; this is for the
 * launcher, the benchmarks and the tests.
 */
public final class TopicCreator {

    private TopicCreator() {
    }

    public static void createMissing(Admin admin, Collection<Topic<?, ?>> topics) {
        try {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = topics.stream()
                    .filter(t -> !existing.contains(t.name()))
                    .map(Topic::toNewTopic)
                    .toList();
            if (missing.isEmpty()) {
                return;
            }
            admin.createTopics(missing).values().values().forEach(TopicCreator::awaitIgnoringExists);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot list or create topics: " + e.getMessage(), e);
        }
    }

    private static void awaitIgnoringExists(org.apache.kafka.common.KafkaFuture<Void> future) {
        try {
            future.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic: " + e.getCause().getMessage(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out creating topics", e);
        }
    }
}
