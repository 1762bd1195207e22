package com.epchat.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.epchat.topics.money.Usd;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** A USD counter keeps the exact sum per series, where adding doubles would drift. */
class UsdCounterTests {

    @Test
    void shouldExposeTheExactSumOfEverySeriesAfterManySmallAmounts() {
        var registry = new SimpleMeterRegistry();
        var counter = new UsdCounter("ep_chat_test_usd", "test amounts", registry);

        for (int i = 0; i < 100_000; i++) {
            counter.add(Usd.of("0.000001"), Tags.of("model", i % 2 == 0 ? "a" : "b"));
        }

        // adding 1e-6 as a double 50,000 times ends at 0.05000000000002935; the exact sums are 0.05 each
        assertThat(registry.get("ep_chat_test_usd").tags("model", "a").functionCounter().count()).isEqualTo(0.05);
        assertThat(registry.get("ep_chat_test_usd").tags("model", "b").functionCounter().count()).isEqualTo(0.05);
        assertThat(registry.get("ep_chat_test_usd").functionCounter().getId().getBaseUnit()).isEqualTo("usd");
        assertThat(counter.total()).isEqualTo(Usd.of("0.1"));
    }
}
