package com.epchat.bench.relay;

import com.epchat.kraft.KraftBroker;
import com.epchat.kraft.KraftBrokerSettings;
import java.nio.file.Path;

/**
 * The benchmark's Kafka broker in a JVM of its own (a real single-node KRaft broker), so that the
 * broker and the benchmark's clients do not share a heap and its pauses.
 * <pre>java -cp ... com.epchat.bench.relay.BrokerProcess &lt;data dir&gt; &lt;port&gt;</pre>
 */
public final class BrokerProcess {

    private BrokerProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        KraftBroker broker = KraftBroker.start(KraftBrokerSettings.persistent(Path.of(args[0]), Integer.parseInt(args[1])));
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
        System.out.println("broker up at " + broker.bootstrapServers());
        Thread.currentThread().join();
    }
}
