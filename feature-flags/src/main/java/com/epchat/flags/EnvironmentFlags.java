package com.epchat.flags;

import com.epchat.topics.event.FeatureFlags;
import java.time.Instant;
import java.util.function.Function;

/**
 * The flags' start values from the environment ({@code EP_128K_MODE}, {@code EP_AUTO_CONTINUATION},
 * {@code EP_LONG_OUTPUT_GUARD}, {@code PROM_ENABLED}, {@code MODEL_NAME}; the guide's defaults when a
 * variable is unset). A nonsense value is refused with the variable and the value named: every
 * service checks them at start, even one that binds none of them itself.
 */
public final class EnvironmentFlags {

    /** {@code changedBy} of a state seeded from the environment. */
    public static final String ENVIRONMENT = "environment";

    private EnvironmentFlags() {
    }

    /** @param variables looks a variable up; null when unset */
    public static FeatureFlags from(Function<String, String> variables, String service, Instant now) {
        FeatureFlags flags = new FeatureFlags(true, true, true, true, "deepseek-v3.1", false, ENVIRONMENT,
                "start values from the environment of " + service, now, null);
        for (Flag flag : Flag.values()) {
            if (flag.variable() == null) {
                continue;
            }
            String raw = variables.apply(flag.variable());
            String value = raw == null ? flag.defaultValue() : raw;
            flags = flag.with(flags, flag.parse(flag.variable(), value));
        }
        return flags;
    }
}
