package com.epchat.flags.testing;

import static org.awaitility.Awaitility.await;

import com.epchat.flags.EnvironmentFlags;
import com.epchat.flags.FlagEdits;
import com.epchat.flags.FlagEdits.Change;
import com.epchat.flags.FlagStore;
import com.epchat.flags.FlagText;
import com.epchat.flags.FlagWatcher;
import com.epchat.topics.event.FeatureFlags;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The live flags record on a test broker, as the services' {@code *FlagsIntegrationTests} change it
 * (in: an edit of the latest flags) and watch running instances follow it (out: each instance's
 * {@link FlagWatcher} state and its {@code ep_chat_feature_flag} gauges).
 */
public final class LiveFlags {

    /** The flags the environment gives when no variable is set: what a test puts back when it is done. */
    public static final FeatureFlags DEFAULTS = EnvironmentFlags.from(name -> null, "test", Instant.now());

    private final FlagStore store;

    public LiveFlags(String bootstrapServers) {
        this.store = FlagStore.of(bootstrapServers, Duration.ofSeconds(30));
    }

    /** What {@code ./ep} does: a read-modify-write of the flags record; an edit that changes nothing writes nothing. */
    public void change(UnaryOperator<FeatureFlags> edit) {
        store.update(latest -> {
            FeatureFlags next = edit.apply(latest.orElseThrow());
            return FlagText.diff(latest.get(), next).isEmpty() ? Optional.empty() : Optional.of(next);
        });
    }

    /** Puts the {@link #DEFAULTS} back, as the user {@code test} for {@code reason}. */
    public void reset(String reason) {
        change(current -> FlagEdits.apply(current, DEFAULTS, new Change("test", reason, Instant.now())));
    }

    /** Waits, at most {@code wait}, until the flags every instance follows are in {@code state}. */
    public static void awaitOnEvery(List<ConfigurableApplicationContext> instances, Duration wait,
            Predicate<FeatureFlags> state) {
        await().atMost(wait).until(() -> instances.stream()
                .allMatch(i -> state.test(i.getBean(FlagWatcher.class).current())));
    }

    /** The instance's {@code ep_chat_feature_flag{flag}} gauge. */
    public static double gauge(ConfigurableApplicationContext instance, String flag) {
        return instance.getBean(MeterRegistry.class).get("ep_chat_feature_flag").tag("flag", flag).gauge().value();
    }
}
