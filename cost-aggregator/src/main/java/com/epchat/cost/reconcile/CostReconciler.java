package com.epchat.cost.reconcile;

import com.epchat.cost.rollup.RollupSpec;
import com.epchat.topics.Topic;
import com.epchat.topics.Topics;
import com.epchat.topics.event.CostCorrection;
import com.epchat.topics.event.FinanceRollup;
import com.epchat.topics.event.JobStatus;
import com.epchat.topics.event.UsageEvent;
import com.epchat.topics.money.Usd;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Computes a {@link Reconciliation} from a running stack: {@code ep.usage}, the three finance rollups
 * and {@code ep.finance.corrections}, {@code ep.job.status}, and the workers' {@code /api/metrics}.
 * A user filter narrows usage, the per-user rollup and job costs to some users (a test's own); the
 * site and model rollups cannot be narrowed, so they are compared only without a filter.
 */
public final class CostReconciler {

    private final String bootstrapServers;

    public CostReconciler(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    public Reconciliation reconcile(Predicate<String> users, List<URI> metrics) {
        boolean everyone = users == null;
        Predicate<String> user = everyone ? u -> true : users;
        var usage = TopicSnapshot.read(bootstrapServers, Topics.USAGE);
        Map<String, Usd> byUsageId = new HashMap<>();
        long events = 0;
        for (var r : usage.records()) {
            UsageEvent u = r.value();
            if (u != null && user.test(u.userId())) {
                events++;
                byUsageId.putIfAbsent(u.usageId(), u.cost());
            }
        }
        Usd usageSum = sum(byUsageId.values());

        var corrections = TopicSnapshot.read(bootstrapServers, Topics.FINANCE_CORRECTIONS);
        Map<String, Usd> rollups = new LinkedHashMap<>();
        Map<String, Usd> late = new LinkedHashMap<>();
        long unreadable = usage.unreadable() + corrections.unreadable();
        List<RollupSpec> specs = everyone ? List.of(RollupSpec.userDay(java.time.ZoneOffset.UTC, Duration.ZERO),
                RollupSpec.siteHour(Duration.ZERO), RollupSpec.modelDay(Duration.ZERO))
                : List.of(RollupSpec.userDay(java.time.ZoneOffset.UTC, Duration.ZERO));
        for (RollupSpec spec : specs) {
            Topic<String, FinanceRollup> topic = spec.topic();
            var records = TopicSnapshot.read(bootstrapServers, topic);
            unreadable += records.unreadable();
            Map<String, FinanceRollup> latest = new HashMap<>();
            records.records().forEach(r -> {
                if (r.value() == null) {
                    latest.remove(r.key());
                } else {
                    latest.put(r.key(), r.value());
                }
            });
            Usd totals = sum(latest.values().stream().filter(f -> everyone || user.test(f.dimension()))
                    .map(FinanceRollup::cost).toList());
            Usd corrected = sum(corrections.records().stream().map(r -> r.value())
                    .filter(c -> c != null && spec.name().equals(c.rollup()) && user.test(c.usage().userId()))
                    .map(CostCorrection::usage).map(UsageEvent::cost).toList());
            rollups.put(topic.name(), totals.plus(corrected));
            late.put(topic.name(), corrected);
        }

        var statuses = TopicSnapshot.read(bootstrapServers, Topics.JOB_STATUS);
        unreadable += statuses.unreadable();
        Map<String, JobStatus> jobs = new HashMap<>();
        statuses.records().forEach(r -> {
            if (r.value() != null && user.test(r.value().userId())) {
                jobs.put(r.key(), r.value());
            }
        });
        long ended = jobs.values().stream().filter(j -> j.state() != null && j.state().isFinal()).count();
        Usd jobCosts = sum(jobs.values().stream().map(j -> j.cost() == null ? Usd.ZERO : j.cost()).toList());

        BigDecimal metric = metrics == null || metrics.isEmpty() ? null : scrape(metrics);
        return new Reconciliation(usageSum, events, events - byUsageId.size(), rollups, late, jobCosts, ended,
                jobs.size() - ended, metric, unreadable);
    }

    /** The sum of {@code ep_chat_actual_cost_usd_total} over every series of every target. */
    static BigDecimal scrape(List<URI> targets) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        BigDecimal total = BigDecimal.ZERO;
        for (URI target : targets) {
            try {
                String text = http.send(HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                total = total.add(sumOf(text, "ep_chat_actual_cost_usd_total"));
            } catch (IOException e) {
                throw new IllegalStateException("cannot scrape " + target + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted scraping " + target, e);
            }
        }
        return total;
    }

    /** Adds up the samples of one metric in Prometheus text: lines {@code name{labels} value}. */
    static BigDecimal sumOf(String prometheusText, String name) {
        BigDecimal sum = BigDecimal.ZERO;
        for (String line : prometheusText.split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                String[] parts = line.trim().split(" ");
                sum = sum.add(new BigDecimal(parts[parts.length - 1]));
            }
        }
        return sum;
    }

    private static Usd sum(java.util.Collection<Usd> amounts) {
        return amounts.stream().reduce(Usd.ZERO, Usd::plus);
    }
}
