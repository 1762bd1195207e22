package com.epchat.flags.spring;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.origin.OriginTrackedValue;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

/**
 * Turns a start-up failure caused by configuration into one line that names the environment variable
 * and its value, before Boot's generic analysers and their stack traces. Two cases: a check that
 * refused a value (an {@link IllegalArgumentException} whose message starts with the variable, as every
 * {@code @ConfigurationProperties} record of the project writes them), and a value Spring could not
 * convert (a price that is not a number), whose property is traced back through the service's
 * {@code application.yml} placeholder ({@code ${PRICE_IN_PER_1K:0.0014}}) to its variable.
 * Registered for every service in {@code META-INF/spring.factories}.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
public final class ConfigFailureAnalyzer implements FailureAnalyzer {

    private static final Pattern VARIABLE_FIRST = Pattern.compile("^([A-Z][A-Z0-9]*_[A-Z0-9_]+) ");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");

    private final Environment environment;

    public ConfigFailureAnalyzer(Environment environment) {
        this.environment = environment;
    }

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException && t.getMessage() != null) {
                Matcher m = VARIABLE_FIRST.matcher(t.getMessage());
                if (m.find()) {
                    return analysis(m.group(1), "Invalid configuration: " + t.getMessage(), failure);
                }
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BindException bind && bind.getProperty() != null) {
                String property = bind.getProperty().getName().toString();
                String variable = variableOf(property);
                String name = variable == null ? property : variable;
                return analysis(name, "Invalid configuration: " + name + "='" + valueOf(variable, bind)
                        + "' is not " + expected(bind) + " (" + rootMessage(bind) + ")", failure);
            }
        }
        return null;
    }

    private static FailureAnalysis analysis(String variable, String description, Throwable failure) {
        return new FailureAnalysis(description, "Correct " + variable + " in .env (or the service's environment) "
                + "and start the service again.", failure);
    }

    /** The variable whose placeholder the service's configuration binds to this property, or null. */
    String variableOf(String property) {
        if (!(environment instanceof ConfigurableEnvironment configurable)) {
            return null;
        }
        for (PropertySource<?> source : configurable.getPropertySources()) {
            Object raw = source.getProperty(property);
            if (raw instanceof OriginTrackedValue tracked) {
                raw = tracked.getValue();
            }
            if (raw != null) {
                Matcher m = PLACEHOLDER.matcher(raw.toString());
                if (m.find()) {
                    return m.group(1);
                }
            }
        }
        return null;
    }

    /** The variable's value as set, else the property's with its placeholders resolved. */
    private String valueOf(String variable, BindException bind) {
        String value = String.valueOf(bind.getProperty().getValue());
        if (environment == null) {
            return value;
        }
        String set = variable == null ? null : environment.getProperty(variable);
        return set != null ? set : environment.resolvePlaceholders(value);
    }

    private static String expected(BindException bind) {
        Class<?> type = bind.getTarget().getType().resolve(Object.class);
        if (Number.class.isAssignableFrom(type) || type == int.class || type == long.class || type == double.class) {
            return "a number";
        }
        if (type == java.time.Duration.class) {
            return "a duration (e.g. 10s)";
        }
        return "a valid " + type.getSimpleName();
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
