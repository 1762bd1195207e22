package com.epchat.bench.budget;

import com.epchat.bench.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a benchmark phase measures, in a JVM of its own beside the broker's, as it is deployed:
 * budget-streams as the service runs (its Spring application, its topology, its {@code budget-streams.yml}
 * with the tuning overrides given, the heap docker-compose gives it), or the baseline
 * ({@link BaselineGuard}) with the same heap.
 */
final class GuardUnderTest implements AutoCloseable {

    /** budget-streams' heap and options in docker-compose.yml. */
    static final String HEAP = "384m";

    /** Which one. */
    enum Kind {
        BASELINE,
        GUARD
    }

    private final ChildJvm jvm;

    private GuardUnderTest(ChildJvm jvm) {
        this.jvm = jvm;
    }

    /**
     * @param tuning Kafka Streams properties applied on top of the service's own (e.g. {@code commit.interval.ms})
     */
    static GuardUnderTest start(Kind kind, String bootstrap, Map<String, String> tuning, Path logs) throws IOException {
        Path state = Files.createTempDirectory("bench-budget-state");
        List<String> args = new ArrayList<>();
        if (kind == Kind.GUARD) {
            args.addAll(List.of("--KAFKA_BOOTSTRAP_SERVERS=" + bootstrap, "--EP_STATE_DIR=" + state,
                    "--BUDGET_STREAMS_PORT=0", "--spring.main.banner-mode=off",
                    // every request takes the whole path: request, user and site stage, both reservations
                    "--BUDGET_USER_DAILY_USD=1000000", "--BUDGET_SITE_HOURLY_USD=1000000000"));
            tuning.forEach((key, value) -> args.add("--spring.kafka.streams.properties." + key + "=" + value));
            return new GuardUnderTest(ChildJvm.start("budget-streams", "com.epchat.budget.BudgetStreamsApplication",
                    HEAP, Map.of(), logs.resolve("budget-streams.log"), args.toArray(String[]::new))
                    .removingOnClose(state));
        }
        args.addAll(List.of(bootstrap, state.toString()));
        tuning.forEach((key, value) -> args.add(key + "=" + value));
        return new GuardUnderTest(ChildJvm.start("baseline", BaselineGuard.class.getName(), HEAP, Map.of(),
                logs.resolve("baseline.log"), args.toArray(String[]::new)).removingOnClose(state));
    }

    /** CPU time the guard's JVM has used so far. */
    Duration cpu() {
        return jvm.cpu();
    }

    boolean isAlive() {
        return jvm.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        jvm.close();
    }
}
