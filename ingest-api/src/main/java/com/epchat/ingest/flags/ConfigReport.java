package com.epchat.ingest.flags;

import com.epchat.ingest.config.IngestProperties;
import com.epchat.pricing.ModelPrice;
import com.epchat.pricing.ModelSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;

/**
 * The body of {@code GET /api/config}: the live flags, the configuration ingest-api runs with now
 * (models and their context under the flags, default model, prices, limits), and every deployment
 * variable set in its environment, secrets masked: a variable whose name says key, secret, password or
 * credential, or whose value looks like an API key, shows as {@value #MASK} (empty stays empty, so
 * one can tell it is unset).
 */
final class ConfigReport {

    static final String MASK = "******";
    private static final Pattern VARIABLE = Pattern.compile(
            "(MODEL|PRICE|BUDGET|EP|RL|PROM|DEEPSEEK|KAFKA|SSE|INGEST_API|SIMULATOR)_[A-Z0-9_]+");
    private static final Pattern SECRET_NAME = Pattern.compile(".*(KEY|SECRET|PASSWORD|CREDENTIAL|_TOKEN$|JAAS).*");

    private final IngestProperties properties;
    private final LiveModels models;
    private final ConfigurableEnvironment environment;

    ConfigReport(IngestProperties properties, LiveModels models, ConfigurableEnvironment environment) {
        this.properties = properties;
        this.models = models;
        this.environment = environment;
    }

    Map<String, Object> build() {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("service", environment.getProperty("spring.application.name", "ingest-api"));
        report.put("flags", models.flags());
        report.put("effective", effective());
        report.put("environment", variables());
        return report;
    }

    private Map<String, Object> effective() {
        var rules = models.get();
        Map<String, Object> models = new LinkedHashMap<>();
        for (String name : rules.catalog().names()) {
            ModelSpec spec = rules.catalog().find(name).orElseThrow();
            models.put(name, Map.of("contextWindow", spec.contextWindow(), "outputCapPerCall", spec.outputCapPerCall(),
                    "apiModels", spec.apiModels()));
        }
        ModelPrice price = properties.pricing().prices().defaultPrice();
        Map<String, Object> effective = new LinkedHashMap<>();
        effective.put("defaultModel", rules.defaultModel());
        effective.put("models", models);
        effective.put("budgetGuardForEveryRequest", rules.guardEveryRequest());
        effective.put("pricesPer1K", Map.of("inputCacheHit", price.inputCacheHitPer1K(),
                "inputCacheMiss", price.inputCacheMissPer1K(), "output", price.outputPer1K()));
        effective.put("defaultMaxTokens", properties.defaultMaxTokens());
        effective.put("decisionTimeout", properties.decisionTimeout().toString());
        effective.put("sseHeartbeat", properties.sseHeartbeat().toString());
        effective.put("kafkaBootstrapServers", environment.getProperty("spring.kafka.bootstrap-servers"));
        return effective;
    }

    /** The deployment's variables as this instance sees them (highest-precedence value), masked. */
    private Map<String, String> variables() {
        Map<String, String> variables = new TreeMap<>();
        environment.getPropertySources().forEach(source -> {
            if (source instanceof EnumerablePropertySource<?> enumerable) {
                for (String name : enumerable.getPropertyNames()) {
                    if (VARIABLE.matcher(name).matches() && !variables.containsKey(name)) {
                        variables.put(name, mask(name, environment.getProperty(name)));
                    }
                }
            }
        });
        return variables;
    }

    static String mask(String name, String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        boolean secret = SECRET_NAME.matcher(name).matches() || value.startsWith("sk-")
                || value.toLowerCase().contains("password=");
        return secret ? MASK : value;
    }
}
