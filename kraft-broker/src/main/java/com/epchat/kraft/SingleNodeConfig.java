package com.epchat.kraft;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The broker properties of a one-node KRaft cluster: in go the data directory, the two resolved ports and
 * the caller's overrides; out comes the property map for {@code kafka.server.KafkaConfig}.
 */
final class SingleNodeConfig {

    static final int NODE_ID = 1;
    static final String CONTROLLER_LISTENER = "CONTROLLER";

    private SingleNodeConfig() {
    }

    static Map<String, String> properties(Path logDir, int port, int controllerPort, Map<String, String> overrides) {
        Map<String, String> props = new LinkedHashMap<>();
        // One process is both broker and the (only) controller voter: a static quorum needs no bootstrapping.
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@localhost:" + controllerPort);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("listeners",
                "PLAINTEXT://localhost:" + port + "," + CONTROLLER_LISTENER + "://localhost:" + controllerPort);
        // Clients (services, kcat, Kafka tooling) reach the broker under the same name it binds to.
        props.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logDir.toAbsolutePath().toString());

        // Internal topics must fit on one node, or consumer groups and transactions never become available.
        props.put("offsets.topic.replication.factor", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        // Fewer internal partitions: the first group join / first transaction creates them, 50 each is slow here.
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.num.partitions", "5");

        // The project creates its topics itself (topics module); a typo must fail, not create a stray topic.
        props.put("auto.create.topics.enable", "false");
        props.put("num.partitions", "1");
        // Tests and the local stack start one member per group: waiting for more only adds latency.
        props.put("group.initial.rebalance.delay.ms", "0");

        // Small footprint for a developer machine: small segments and indexes, a small log-cleaner buffer
        // (compacted topics still get cleaned), fewer request threads.
        props.put("log.segment.bytes", Integer.toString(16 * 1024 * 1024));
        props.put("log.index.size.max.bytes", Integer.toString(1024 * 1024));
        props.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
        props.put("num.network.threads", "2");
        props.put("num.io.threads", "4");
        // The kernel's socket buffers, autotuned, as docker-compose.yml gives its broker: the fixed 100 KiB
        // default overflows on loopback, and a dropped segment waits 200 ms for TCP's retransmission.
        props.put("socket.receive.buffer.bytes", "-1");
        props.put("socket.send.buffer.bytes", "-1");

        props.putAll(overrides);
        return props;
    }
}
