package com.epchat.bench;

import com.epchat.kraft.KraftBroker;
import com.epchat.kraft.KraftBrokerSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The benchmark's Kafka broker in a JVM of its own (a real single-node KRaft broker), so that the
 * broker and the benchmark's clients do not share a heap and its pauses.
 * <pre>java -cp ... com.epchat.bench.BrokerProcess &lt;data dir&gt; &lt;port&gt; [&lt;broker property&gt;=&lt;value&gt; ...]</pre>
 */
public final class BrokerProcess {

    private BrokerProcess() {
    }

    /**
     * Where the local stack's broker saves footprint and docker-compose.yml's broker (the apache/kafka image)
     * keeps Kafka's defaults, the benchmark's broker keeps them too: a segment rolls at 1 GiB, not every few
     * seconds of a benchmark's load, and requests have the default threads.
     */
    private static final Map<String, String> AS_DEPLOYED = Map.of("log.segment.bytes", "1073741824",
            "log.index.size.max.bytes", "10485760", "num.network.threads", "3", "num.io.threads", "8");

    public static void main(String[] args) throws InterruptedException {
        KraftBrokerSettings settings = KraftBrokerSettings.persistent(Path.of(args[0]), Integer.parseInt(args[1]));
        for (Map.Entry<String, String> property : AS_DEPLOYED.entrySet()) {
            settings = settings.withOverride(property.getKey(), property.getValue());
        }
        for (int i = 2; i < args.length; i++) {
            String[] property = args[i].split("=", 2);
            settings = settings.withOverride(property[0], property[1]);
        }
        KraftBroker broker = KraftBroker.start(settings);
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
        System.out.println("broker up at " + broker.bootstrapServers());
        Thread.currentThread().join();
    }

    /** The child broker, once it answers. */
    public static Admin awaitAdmin(String bootstrap, ChildJvm broker) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (broker.isAlive() && System.nanoTime() < deadline) {
            try (Admin probe = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                    2_000))) {
                probe.describeCluster().nodes().get();
                return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
            } catch (java.util.concurrent.ExecutionException starting) {
                Thread.sleep(500);
            }
        }
        throw new IllegalStateException("the broker did not start, see its log (kafka.log)");
    }
}
