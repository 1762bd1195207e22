package com.epchat.flags.metrics;

import com.epchat.flags.Flag;
import com.epchat.flags.FlagWatcher;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The live flags as Prometheus sees them: {@code ep_chat_feature_flag{flag="auto_continuation"}} 1 or 0
 * per switch, {@code ep_chat_feature_flag{flag="model_deepseek-chat"}} 1 for the default model and 0 for
 * the other known ones (a fixed set of series), and {@code ep_chat_feature_flags_changed_timestamp_seconds},
 * when the flags last changed. A step in a graph shows when a switch was flipped.
 */
public final class FlagMeters implements MeterBinder {

    public static final String FLAG = "ep_chat_feature_flag";
    public static final String CHANGED = "ep_chat_feature_flags_changed_timestamp_seconds";

    private final FlagWatcher watcher;

    public FlagMeters(FlagWatcher watcher) {
        this.watcher = watcher;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (Flag flag : Flag.values()) {
            if (flag.isSwitch()) {
                Gauge.builder(FLAG, watcher, w -> Boolean.TRUE.equals(flag.value(w.current())) ? 1 : 0)
                        .tag("flag", flag.label())
                        .description("1 when the live feature flag is on")
                        .register(registry);
            }
        }
        for (String model : Flag.MODELS) {
            Gauge.builder(FLAG, watcher, w -> model.equals(w.current().defaultModel()) ? 1 : 0)
                    .tag("flag", "model_" + model)
                    .description("1 when the live feature flag is on")
                    .register(registry);
        }
        Gauge.builder(CHANGED, watcher, w -> w.current().changedAt() == null ? 0
                        : w.current().changedAt().toEpochMilli() / 1000.0)
                .description("when the live feature flags were last changed (Unix time)")
                .register(registry);
    }
}
