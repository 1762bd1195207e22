package com.epchat.bench.budget;

import com.epchat.bench.BrokerProcess;
import com.epchat.bench.ChildJvm;
import com.epchat.bench.Percentiles;
import com.epchat.topics.TopicCreator;
import com.epchat.topics.Topics;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/**
 * Budget decisions per second and decision latency (request published → decision received, p50/p99)
 * at a steady load with exactly-once on: budget-streams' three-level topology run as the service runs,
 * side by side with the request-level-only topology (the baseline), for each setting of
 * {@code commit.interval.ms} asked for. Each phase runs as deployed: a fresh KRaft broker in a JVM of its
 * own ({@link BrokerProcess}), the guard in another ({@link GuardUnderTest}), the load and the
 * read_committed decision consumer in this one; CPU is reported per process. Every request is approved
 * (budgets set out of reach), so each takes the guard's longest path: all three levels, both reservations.
 *
 * <pre>java -cp bench/target/classes:$(cat bench/target/classpath.txt) com.epchat.bench.budget.BudgetDecisionBench \
 *     rate=5000 seconds=30 warmup=75 commit=20</pre>
 *
 * Arguments (all optional): {@code rate} requests/s, {@code warmup} and {@code seconds} of the measured
 * window, {@code users}, {@code commit} (a list), {@code threads} ({@code num.stream.threads}),
 * {@code modes} ({@code baseline,guard}), {@code maxload} (wait for a 1-minute load average below it
 * before each phase), any Kafka Streams property ({@code linger.ms=5}) and any broker property, prefixed
 * {@code broker.} ({@code broker.add.partitions.to.txn.retry.backoff.ms=1}).
 */
public final class BudgetDecisionBench {

    /** The heap kafka-server-start.sh gives a broker. */
    private static final String BROKER_HEAP = "1g";

    public static void main(String[] args) {
        try {
            run(args);
            System.exit(0);
        } catch (Exception | Error e) {
            // the in-process broker's threads would keep exec:java waiting forever
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        Arrays.stream(args).map(s -> s.split("=", 2)).forEach(kv -> a.put(kv[0], kv[1]));
        int rate = Integer.parseInt(a.getOrDefault("rate", "5000"));
        Duration warmUp = Duration.ofSeconds(Long.parseLong(a.getOrDefault("warmup", "5")));
        Duration measured = Duration.ofSeconds(Long.parseLong(a.getOrDefault("seconds", "20")));
        int users = Integer.parseInt(a.getOrDefault("users", "10000"));
        List<String> commits = List.of(a.getOrDefault("commit", "100,20,10").split(","));
        String threads = a.getOrDefault("threads", "1");
        List<String> modes = List.of(a.getOrDefault("modes", "baseline,guard").split(","));
        // any other argument with a dot is a Kafka Streams property for both topologies, e.g. linger.ms=5,
        // or with the prefix broker. a property of the broker, e.g. broker.num.io.threads=2
        Map<String, String> extra = new LinkedHashMap<>();
        Map<String, String> brokerProps = new LinkedHashMap<>();
        a.forEach((key, value) -> {
            if (key.startsWith("broker.")) {
                brokerProps.put(key.substring("broker.".length()), value);
            } else if (key.contains(".")) {
                extra.put(key, value);
            }
        });

        System.out.printf("%nBudget decisions at %d requests/s, %d users, %s s measured after %s s warm-up, "
                + "exactly_once_v2, num.stream.threads=%s, %s, broker %s, %d cores%n", rate, users,
                measured.toSeconds(), warmUp.toSeconds(), threads, extra, brokerProps,
                Runtime.getRuntime().availableProcessors());
        List<String> rows = new ArrayList<>();
        for (String commit : commits) {
            for (String mode : modes) {
                GuardUnderTest.Kind kind = GuardUnderTest.Kind.valueOf(mode.trim().toUpperCase());
                Map<String, String> tuning = new LinkedHashMap<>(extra);
                tuning.put("commit.interval.ms", commit.trim());
                tuning.put("num.stream.threads", threads);
                awaitQuietMachine(Double.parseDouble(a.getOrDefault("maxload", "0")));
                rows.add(phase(kind, tuning, brokerProps, rate, warmUp, measured, users));
                System.out.println(rows.get(rows.size() - 1));
            }
        }
        System.out.println();
        System.out.println("| topology | commit.interval.ms | decisions/s | p50 ms | p99 ms | max ms | undecided "
                + "| cores used: guard / broker / load | load avg |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    /**
     * On a machine shared with other builds, waits (up to 10 minutes) until the 1-minute load average
     * is below {@code maxLoad} before a phase starts; 0 does not wait. The table reports the load anyway.
     */
    private static void awaitQuietMachine(double maxLoad) throws InterruptedException {
        var os = ManagementFactory.getOperatingSystemMXBean();
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (maxLoad > 0 && os.getSystemLoadAverage() >= maxLoad && System.nanoTime() < deadline) {
            Thread.sleep(5_000);
        }
    }

    private static String phase(GuardUnderTest.Kind kind, Map<String, String> tuning, Map<String, String> brokerProps,
            int rate, Duration warmUp, Duration measured, int users) throws Exception {
        Path logs = Files.createDirectories(Path.of("target", "budget-bench"));
        String bootstrap = "localhost:" + ChildJvm.freePort();
        Path data = Files.createTempDirectory("budget-bench-kafka");
        String port = bootstrap.substring(bootstrap.indexOf(':') + 1);
        List<String> brokerArgs = new ArrayList<>(List.of(data.toString(), port));
        brokerProps.forEach((key, value) -> brokerArgs.add(key + "=" + value));
        try (ChildJvm broker = ChildJvm.start("kafka", BrokerProcess.class.getName(), BROKER_HEAP, Map.of(),
                logs.resolve("kafka.log"), brokerArgs.toArray(String[]::new)).removingOnClose(data)) {
            try (Admin admin = BrokerProcess.awaitAdmin(bootstrap, broker)) {
                TopicCreator.createMissing(admin, Topics.all());
            }
            try (GuardUnderTest guard = GuardUnderTest.start(kind, bootstrap, tuning, logs)) {
                DecisionLoad load = new DecisionLoad(bootstrap, users);
                load.awaitDecisions(Duration.ofMinutes(2), guard);
                var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
                long benchCpu0 = os.getProcessCpuTime();
                Duration brokerCpu0 = broker.cpu();
                Duration guardCpu0 = guard.cpu();
                long wall0 = System.nanoTime();
                DecisionLoad.Measured m = load.run(rate, warmUp, measured, Duration.ofSeconds(30));
                // how much CPU each process got (of the machine's cores), and how busy the machine was
                double wall = System.nanoTime() - wall0;
                double guardCores = guard.cpu().minus(guardCpu0).toNanos() / wall;
                double brokerCores = broker.cpu().minus(brokerCpu0).toNanos() / wall;
                double benchCores = (os.getProcessCpuTime() - benchCpu0) / wall;
                double load1 = os.getSystemLoadAverage();
                Percentiles p = Percentiles.ofNanos(m.latencies());
                String name = kind == GuardUnderTest.Kind.GUARD ? "three-level guard (budget-streams)"
                        : "request level only (baseline)";
                return String.format("| %s | %s | %.0f | %.1f | %.1f | %.1f | %d of %d | %.2f / %.2f / %.2f | %.1f |",
                        name, tuning.get("commit.interval.ms"), m.decisionsPerSecond(), p.p50(), p.p99(), p.max(),
                        m.missing(), m.sent(), guardCores, brokerCores, benchCores, load1);
            }
        }
    }
}
