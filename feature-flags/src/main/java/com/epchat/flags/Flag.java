package com.epchat.flags;

import com.epchat.pricing.Flags;
import com.epchat.pricing.ModelCatalog;
import com.epchat.topics.event.FeatureFlags;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One switch of {@link FeatureFlags}: the name operators use ({@code autoContinuation}), the environment
 * variable that gives its start value ({@code EP_AUTO_CONTINUATION}) and its label on the
 * {@code ep_chat_feature_flag} gauge. Either name works in {@code ep flags set NAME=VALUE}.
 */
public enum Flag {
    EXTENDED_CONTEXT("extendedContext", "EP_128K_MODE", "enabled", f -> f.extendedContext()),
    AUTO_CONTINUATION("autoContinuation", "EP_AUTO_CONTINUATION", "true", f -> f.autoContinuation()),
    LONG_OUTPUT_GUARD("longOutputGuard", "EP_LONG_OUTPUT_GUARD", "on", f -> f.longOutputGuard()),
    PROMETHEUS("prometheus", "PROM_ENABLED", "true", f -> f.prometheus()),
    DEFAULT_MODEL("defaultModel", "MODEL_NAME", "deepseek-v3.1", f -> f.defaultModel()),
    /** No variable: off at start (callers allowed to skip the guard may); on in an emergency. */
    BUDGET_GUARD("budgetGuard", null, "false", f -> f.budgetGuard());

    /** The logical models a default model may name: those of the pricing catalogue. */
    public static final Set<String> MODELS = ModelCatalog.defaults(ModelCatalog.LEGACY_CONTEXT, true).names();

    private final String key;
    private final String variable;
    private final String defaultValue;
    private final Function<FeatureFlags, Object> getter;

    Flag(String key, String variable, String defaultValue, Function<FeatureFlags, Object> getter) {
        this.key = key;
        this.variable = variable;
        this.defaultValue = defaultValue;
        this.getter = getter;
    }

    /** The record component's name, as {@code ep flags} shows it. */
    public String key() {
        return key;
    }

    /** The environment variable of its start value, or null. */
    public String variable() {
        return variable;
    }

    public String defaultValue() {
        return defaultValue;
    }

    /** The {@code flag} label on {@code ep_chat_feature_flag}: snake case. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isSwitch() {
        return this != DEFAULT_MODEL;
    }

    public Object value(FeatureFlags flags) {
        return getter.apply(flags);
    }

    /** The flag named by its key, variable or label, in any case. */
    public static Optional<Flag> named(String name) {
        return Arrays.stream(values())
                .filter(f -> f.key.equalsIgnoreCase(name) || f.name().equalsIgnoreCase(name)
                        || (f.variable != null && f.variable.equalsIgnoreCase(name)))
                .findFirst();
    }

    /**
     * Parses a value as this flag takes it: switches as {@code on/off}, {@code true/false} or
     * {@code enabled/disabled}; the model as one of {@link #MODELS}. The message names {@code source}.
     */
    public Object parse(String source, String value) {
        if (isSwitch()) {
            return Flags.parse(source, value);
        }
        if (value == null || !MODELS.contains(value.trim())) {
            throw new IllegalArgumentException(source + " must be one of " + MODELS + ", was '" + value + "'");
        }
        return value.trim();
    }

    /** A copy of {@code flags} with this flag set to {@code value} (already parsed), history untouched. */
    public FeatureFlags with(FeatureFlags f, Object value) {
        return new FeatureFlags(
                this == EXTENDED_CONTEXT ? (Boolean) value : f.extendedContext(),
                this == AUTO_CONTINUATION ? (Boolean) value : f.autoContinuation(),
                this == LONG_OUTPUT_GUARD ? (Boolean) value : f.longOutputGuard(),
                this == PROMETHEUS ? (Boolean) value : f.prometheus(),
                this == DEFAULT_MODEL ? (String) value : f.defaultModel(),
                this == BUDGET_GUARD ? (Boolean) value : f.budgetGuard(),
                f.changedBy(), f.reason(), f.changedAt(), f.previous());
    }
}
