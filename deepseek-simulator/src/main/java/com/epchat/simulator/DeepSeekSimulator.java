package com.epchat.simulator;

import com.epchat.simulator.api.SimulatorRuntime;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

import java.util.List;
import java.util.Map;

/**
 * A running DeepSeek simulator: a real HTTP server on Reactor Netty that speaks DeepSeek's chat API (see the
 * module README). Start one per test class or per local stack, read {@link #baseUrl()}, close it at the end.
 * <pre>{@code
 * try (DeepSeekSimulator sim = DeepSeekSimulator.start(SimulatorSettings.defaults().withPort(0))) {
 *     String url = sim.baseUrl();          // http://localhost:PORT, also PORT/v1 and PORT/beta
 *     ...
 *     sim.stats().completionTokens();      // what it billed
 * }
 * }</pre>
 * Safe beside other Spring Boot apps in one JVM: reactive web type, config file {@code deepseek-simulator.yml},
 * no component scanning, no JMX, no banner, and its port and shutdown mode pinned above any system property.
 */
public final class DeepSeekSimulator implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final SimulatorRuntime runtime;
    private final int port;

    private DeepSeekSimulator(ConfigurableApplicationContext context, SimulatorRuntime runtime, int port) {
        this.context = context;
        this.runtime = runtime;
        this.port = port;
    }

    public static DeepSeekSimulator start(SimulatorSettings settings) {
        SimulatorRuntime runtime = new SimulatorRuntime(settings);
        // highest precedence: another app's server.port system property or env variable must not move this server
        Map<String, Object> pinned = Map.of(
                "server.port", settings.port(),
                "server.shutdown", "immediate",
                "spring.jmx.enabled", false);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(SimulatorApplication.class)
                .web(WebApplicationType.REACTIVE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .properties("spring.config.name=deepseek-simulator", "spring.jmx.enabled=false",
                        "spring.main.banner-mode=off")
                .initializers(ctx -> {
                    ctx.getEnvironment().getPropertySources()
                            .addFirst(new MapPropertySource("deepseekSimulatorPinned", pinned));
                    ctx.getBeanFactory().registerSingleton("simulatorRuntime", runtime);
                })
                .run();
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return new DeepSeekSimulator(context, runtime, port);
    }

    public int port() {
        return port;
    }

    /** {@code http://localhost:PORT}; append {@code /beta} for prefix completion. */
    public String baseUrl() {
        return "http://localhost:" + port;
    }

    /** Changes the model ids served from now on (as when DeepSeek renames its models). */
    public void setModels(List<String> ids) {
        runtime.models().set(ids);
    }

    public List<String> models() {
        return runtime.models().ids();
    }

    public SimulatorSettings settings() {
        return runtime.settings();
    }

    /** Counters since start: requests, completions started, prompt and completion tokens billed so far. */
    public SimulatorStats stats() {
        return runtime.counters().snapshot();
    }

    @Override
    public void close() {
        context.close();
    }
}
