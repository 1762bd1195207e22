package com.epchat.budget.it;

import com.epchat.budget.BudgetStreamsApplication;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

/**
 * budget-streams as the service runs, for integration tests: in this JVM (a Spring context) or in a
 * JVM of its own that a test can kill with SIGKILL, mid-transaction, as a crash would.
 */
final class BudgetStreamsProcess implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final Process process;

    private BudgetStreamsProcess(ConfigurableApplicationContext context, Process process) {
        this.context = context;
        this.process = process;
    }

    /** The service's settings for a test: its own application id and state directory, a free port. */
    static Map<String, String> settings(String bootstrap, String applicationId, Path stateDir, String userDailyUsd) {
        return Map.ofEntries(Map.entry("KAFKA_BOOTSTRAP_SERVERS", bootstrap),
                Map.entry("spring.kafka.streams.application-id", applicationId),
                Map.entry("EP_STATE_DIR", stateDir.toString()),
                Map.entry("BUDGET_STREAMS_PORT", "0"),
                Map.entry("BUDGET_USER_DAILY_USD", userDailyUsd),
                // other test classes' requests are replayed by each new application id: keep the site out of the way
                Map.entry("BUDGET_SITE_HOURLY_USD", "100000"),
                // a killed member leaves the group after 6 s instead of 45 s
                Map.entry("spring.kafka.streams.properties.session.timeout.ms", "6000"),
                Map.entry("spring.kafka.streams.properties.heartbeat.interval.ms", "1500"),
                Map.entry("spring.main.banner-mode", "off"),
                Map.entry("logging.level.root", "WARN"));
    }

    /** Settings as command-line arguments: they win over {@code budget-streams.yml}, as in production. */
    static BudgetStreamsProcess inThisJvm(Map<String, String> settings) {
        String[] args = settings.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new BudgetStreamsProcess(BudgetStreamsApplication.builder().run(args), null);
    }

    static BudgetStreamsProcess forked(Map<String, String> settings, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path")));
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add(BudgetStreamsApplication.class.getName());
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return new BudgetStreamsProcess(null, process);
    }

    KafkaStreams streams() {
        return context.getBean(StreamsBuilderFactoryBean.class).getKafkaStreams();
    }

    /** SIGKILL: no clean close, no commit, an open transaction left behind. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() {
        if (context != null) {
            context.close();
        }
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
