package com.epchat.simulator;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads {@link SimulatorSettings} for a standalone run from environment variables, starting from
 * {@link SimulatorSettings#defaults()}. A nonsense value stops the start with a message naming the variable.
 */
final class EnvironmentSettings {

    private EnvironmentSettings() {
    }

    static SimulatorSettings from(Map<String, String> env) {
        SimulatorSettings settings = SimulatorSettings.defaults();
        Integer port = read(env, "SIMULATOR_PORT", Integer::valueOf);
        Double rate = read(env, "SIMULATOR_TOKENS_PER_SECOND", Double::valueOf);
        Long delayMs = read(env, "SIMULATOR_FIRST_TOKEN_DELAY_MS", Long::valueOf);
        Long keepAliveMs = read(env, "SIMULATOR_KEEP_ALIVE_MS", Long::valueOf);
        List<String> models = read(env, "SIMULATOR_MODELS", EnvironmentSettings::modelList);
        String apiKey = env.get("SIMULATOR_API_KEY");
        try {
            settings = port != null ? settings.withPort(port) : settings;
            settings = rate != null ? settings.withTokensPerSecond(rate) : settings;
            settings = delayMs != null ? settings.withFirstTokenDelay(Duration.ofMillis(delayMs)) : settings;
            settings = keepAliveMs != null ? settings.withKeepAliveInterval(Duration.ofMillis(keepAliveMs)) : settings;
            settings = models != null ? settings.withModels(models) : settings;
            return apiKey != null && !apiKey.isBlank() ? settings.withApiKey(apiKey.trim()) : settings;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid SIMULATOR_* environment: " + e.getMessage(), e);
        }
    }

    private static <T> T read(Map<String, String> env, String name, Function<String, T> parser) {
        String raw = env.get(name);
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return parser.apply(raw.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " has an invalid value '" + raw + "'", e);
        }
    }

    private static List<String> modelList(String raw) {
        List<String> ids = Arrays.stream(raw.split(",")).map(String::trim).filter(id -> !id.isEmpty()).toList();
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("no model id");
        }
        return ids;
    }
}
