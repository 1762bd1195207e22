package com.epchat.cost.reconcile;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The operator's reconciliation: reads the topics and the workers' metrics of a running stack and
 * prints the four sums (usage events, each finance rollup with its corrections, per-job costs, cost
 * counter), then RECONCILED or MISMATCH; exit code 0 or 1.
 *
 * <pre>
 * ReconcileCommand [--bootstrap localhost:9092] [--metrics http://localhost:3002/api/metrics[,url...]]
 * </pre>
 * Defaults: {@code KAFKA_BOOTSTRAP_SERVERS} or {@code localhost:9092}; the local stack's worker metrics.
 * The counter restarts at 0 with its worker, so compare it on a stack whose workers ran since the
 * topics began (a test, a fresh deployment); the topic sums must agree always.
 */
public final class ReconcileCommand {

    private ReconcileCommand() {
    }

    public static void main(String[] args) {
        String bootstrap = System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092");
        List<URI> metrics = new ArrayList<>(List.of(URI.create("http://localhost:3002/api/metrics")));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--bootstrap" -> bootstrap = args[++i];
                case "--metrics" -> metrics = Arrays.stream(args[++i].split(",")).filter(s -> !s.isBlank())
                        .map(URI::create).toList();
                case "--no-metrics" -> metrics = List.of();
                default -> {
                    System.err.println("usage: ReconcileCommand [--bootstrap host:port] "
                            + "[--metrics url[,url...] | --no-metrics]");
                    System.exit(2);
                }
            }
        }
        Reconciliation result = new CostReconciler(bootstrap).reconcile(null, metrics);
        System.out.print(result.describe());
        System.exit(result.reconciled() ? 0 : 1);
    }
}
