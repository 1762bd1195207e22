package com.epchat.cost.metrics;

import com.epchat.cost.config.CostProperties;
import com.epchat.cost.rollup.RollupSpec;
import com.epchat.cost.rollup.RollupWindow;
import com.epchat.metrics.ConsumerLagMonitor;
import com.epchat.topics.event.FinanceRollup;
import com.epchat.topics.money.Usd;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * cost-aggregator's gauges for the site-budget alerts and the stalled-pipeline alert:
 * <ul>
 *   <li>{@code ep_chat_site_hourly_spend_usd}: actual spend of the current UTC hour, read from the
 *       site-hour rollup's store (interactive query); 0 on an instance that does not host it, NaN
 *       while the streams are not running;</li>
 *   <li>{@code ep_chat_site_hourly_budget_usd}: {@code BUDGET_SITE_HOURLY_USD};</li>
 *   <li>{@code ep_chat_consumer_lag_records{group="ep-cost-aggregator",topic}}: usage not yet rolled up.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class CostMeters {

    /** cost-aggregator's consumer group is its Kafka Streams application id. */
    @Bean(destroyMethod = "close")
    ConsumerLagMonitor usageLag(KafkaAdmin admin, StreamsBuilderFactoryBean streams, MeterRegistry registry) {
        return new ConsumerLagMonitor(admin.getConfigurationProperties(), () -> streams.getStreamsConfiguration() == null
                ? null : streams.getStreamsConfiguration().getProperty(StreamsConfig.APPLICATION_ID_CONFIG),
                registry, Duration.ofSeconds(15));
    }

    @Bean
    Gauge siteHourlySpend(StreamsBuilderFactoryBean streams, MeterRegistry registry) {
        Clock clock = Clock.systemUTC();
        // exact until here: a gauge's value is a double, so the conversion is the last step
        return Gauge.builder("ep_chat_site_hourly_spend_usd", streams,
                        s -> currentHourSpend(s, clock).map(spend -> spend.amount().doubleValue()).orElse(Double.NaN))
                .description("actual spend of the whole site in the current UTC hour (site-hour rollup)")
                .register(registry);
    }

    @Bean
    Gauge siteHourlyBudget(CostProperties properties, MeterRegistry registry) {
        return Gauge.builder("ep_chat_site_hourly_budget_usd", properties, p -> p.siteHourlyBudgetUsd().doubleValue())
                .description("BUDGET_SITE_HOURLY_USD: the site's spend limit per clock hour").register(registry);
    }

    /** The site's spend in the current hour; empty while the store cannot be read (starting, restoring). */
    static Optional<Usd> currentHourSpend(StreamsBuilderFactoryBean factory, Clock clock) {
        KafkaStreams streams = factory.getKafkaStreams();
        if (streams == null || streams.state() != KafkaStreams.State.RUNNING) {
            return Optional.empty();
        }
        try {
            var store = streams.store(StoreQueryParameters.fromNameAndType(
                    RollupSpec.siteHour(Duration.ZERO).storeName(), QueryableStoreTypes.<String, FinanceRollup>keyValueStore()));
            FinanceRollup hour = store.get(FinanceRollup.key(RollupWindow.hour(clock.instant()).start(), RollupSpec.SITE));
            return Optional.of(hour == null ? Usd.ZERO : hour.cost());
        } catch (InvalidStateStoreException e) {
            return Optional.empty(); // migrating or restoring: no reading rather than a wrong one
        }
    }
}
