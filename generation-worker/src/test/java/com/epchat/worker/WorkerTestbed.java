package com.epchat.worker;

import com.epchat.simulator.DeepSeekSimulator;
import com.epchat.simulator.SimulatorSettings;
import com.epchat.testsupport.TestKafka;
import java.time.Duration;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The simulator and the in-process worker the worker's integration tests start, set up alike but for
 * what each test varies.
 */
final class WorkerTestbed {

    private WorkerTestbed() {
    }

    /** The simulator on a free port at {@code tokensPerSecond}, first token after 50 ms, keep-alive every 20 ms. */
    static DeepSeekSimulator simulator(int tokensPerSecond) {
        return DeepSeekSimulator.start(SimulatorSettings.defaults().withPort(0).withTokensPerSecond(tokensPerSecond)
                .withFirstTokenDelay(Duration.ofMillis(50)).withKeepAliveInterval(Duration.ofMillis(20)));
    }

    /**
     * A worker on the test broker calling {@code simulator}, which gives up on a silent stream after 1 s;
     * {@code more} ({@code NAME=value}) adds settings or overrides these.
     */
    static SpringApplicationBuilder worker(DeepSeekSimulator simulator, String... more) {
        return GenerationWorkerApplication.builder()
                .properties("KAFKA_BOOTSTRAP_SERVERS=" + TestKafka.bootstrapServers(),
                        "DEEPSEEK_BASE_URL=" + simulator.baseUrl(),
                        "DEEPSEEK_IDLE_TIMEOUT=1s",
                        "GENERATION_WORKER_PORT=0")
                .properties(more);
    }
}
