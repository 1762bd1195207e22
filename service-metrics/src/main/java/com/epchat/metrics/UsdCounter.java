package com.epchat.metrics;

import com.epchat.topics.money.Usd;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Prometheus counter of US dollars that never drifts: each series keeps the exact {@link Usd} sum
 * and exposes it as the double nearest to that sum, instead of adding doubles (which loses fractions
 * of a micro-dollar with every addition). So a scraped value differs from the exact sum of the events
 * by far less than a micro-dollar, however many events it counts.
 */
public final class UsdCounter {

    private final String name;
    private final String description;
    private final MeterRegistry registry;
    // FunctionCounter holds its object weakly: the sums live here for as long as the registry needs them
    private final Map<Tags, Sum> sums = new ConcurrentHashMap<>();

    public UsdCounter(String name, String description, MeterRegistry registry) {
        this.name = name;
        this.description = description;
        this.registry = registry;
    }

    /** Adds {@code amount} to the series of {@code tags}, registering the series on its first amount. */
    public void add(Usd amount, Tags tags) {
        sums.computeIfAbsent(tags, this::register).add(amount);
    }

    /** The exact sum over every series. */
    public Usd total() {
        return sums.values().stream().map(Sum::get).reduce(Usd.ZERO, Usd::plus);
    }

    private Sum register(Tags tags) {
        Sum sum = new Sum();
        FunctionCounter.builder(name, sum, s -> s.get().amount().doubleValue())
                .description(description).baseUnit("usd").tags(tags).register(registry);
        return sum;
    }

    private static final class Sum {

        private Usd value = Usd.ZERO;

        synchronized void add(Usd amount) {
            value = value.plus(amount);
        }

        synchronized Usd get() {
            return value;
        }
    }
}
