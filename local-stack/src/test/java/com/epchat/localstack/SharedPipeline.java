package com.epchat.localstack;

import com.epchat.localstack.LocalStack.LocalStackSettings;
import com.epchat.simulator.DeepSeekSimulator;
import com.epchat.simulator.SimulatorSettings;
import com.epchat.testsupport.TestKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.util.FileSystemUtils;

/**
 * One pipeline for every end-to-end test class of this module, started on first use and stopped
 * when the test JVM exits. One, not one per class: the services' consumer groups and Kafka Streams
 * application ids are fixed, and a Streams instance that stops does not leave its group, so a second
 * stack in the same JVM would wait out the first one's session (45 s) before it decided anything.
 * Tests that need another token rate say so per request ({@code [[sim:tps=20]]}).
 */
final class SharedPipeline {

    private static DeepSeekSimulator simulator;
    private static LocalStack stack;

    private SharedPipeline() {
    }

    static synchronized LocalStack stack() {
        if (stack == null) {
            simulator = DeepSeekSimulator.start(SimulatorSettings.defaults().withPort(0).withTokensPerSecond(200)
                    .withFirstTokenDelay(Duration.ofMillis(300)));
            stack = new LocalStack();
            Path state;
            try {
                state = Files.createTempDirectory("ep-e2e-state");
                stack.start(LocalStackSettings.forTests(TestKafka.bootstrapServers(), simulator.baseUrl(), state));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stack.close();
                simulator.close();
                // the services' state stores, a few hundred MB: each run's would otherwise stay in /tmp
                if (!FileSystemUtils.deleteRecursively(state.toFile())) {
                    System.err.println("could not remove " + state);
                }
            }, "shared-pipeline-stop"));
        }
        return stack;
    }
}
