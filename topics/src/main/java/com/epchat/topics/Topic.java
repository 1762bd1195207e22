package com.epchat.topics;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;

/**
 * One topic of the contract: its name, key and value serdes, and how it is created.
 *
 * @param retention how long records are kept; for compacted topics, how long a tombstone or a
 *     superseded record may linger ({@code delete.retention.ms}), null for the broker default
 */
public record Topic<K, V>(
        String name,
        Serde<K> keySerde,
        Serde<V> valueSerde,
        int partitions,
        Cleanup cleanup,
        Duration retention) {

    /** How the broker cleans the log. */
    public enum Cleanup {
        DELETE,
        COMPACT,
        /** compacted, and a key whose latest record is older than the retention is deleted */
        COMPACT_DELETE
    }

    /** The topic as the admin client creates it; replication is left to the broker's default. */
    public NewTopic toNewTopic() {
        Map<String, String> configs = new HashMap<>();
        if (cleanup == Cleanup.COMPACT) {
            configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
            // compacted topics keep every key's latest value forever; retention bounds tombstones only
            configs.put(TopicConfig.RETENTION_MS_CONFIG, "-1");
            if (retention != null) {
                configs.put(TopicConfig.DELETE_RETENTION_MS_CONFIG, Long.toString(retention.toMillis()));
            }
        } else if (cleanup == Cleanup.COMPACT_DELETE) {
            configs.put(TopicConfig.CLEANUP_POLICY_CONFIG,
                    TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE);
            configs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis()));
        } else {
            configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
            if (retention != null) {
                configs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis()));
            }
        }
        return new NewTopic(name, Optional.of(partitions), Optional.empty()).configs(configs);
    }

    @Override
    public String toString() {
        return name;
    }
}
