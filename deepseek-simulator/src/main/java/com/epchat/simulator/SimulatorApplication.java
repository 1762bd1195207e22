package com.epchat.simulator;

import com.epchat.simulator.api.SimulatorApiConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementContextAutoConfiguration;
import org.springframework.boot.http.codec.autoconfigure.CodecsAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.reactor.netty.autoconfigure.NettyReactiveWebServerAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.HttpHandlerAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.actuate.endpoint.web.WebFluxHealthEndpointExtensionAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.error.ErrorWebFluxAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.client.ReactorResourceFactory;
import reactor.netty.resources.LoopResources;

import java.time.Duration;

/**
 * The simulator's Spring context: WebFlux on Reactor Netty, the DeepSeek routes and {@code /actuator/health}.
 * <p>
 * It shares a JVM with Spring MVC services, so nothing is found by scanning or by blanket auto-configuration:
 * the auto-configurations are listed one by one (a Kafka or JDBC jar on the classpath changes nothing here), and
 * the server runs on its own event loops so closing the simulator never disposes Reactor Netty's global resources
 * that other HTTP clients in the JVM use. The class carries no stereotype annotation (Spring processes it as a
 * configuration source anyway), so no other app's component scan can pull the simulator in. Start it through
 * {@link DeepSeekSimulator#start}.
 */
// deliberately not @Configuration: a service whose component scan covers com.epchat must not pick this up
@ImportAutoConfiguration({
        PropertyPlaceholderAutoConfiguration.class,
        ApplicationAvailabilityAutoConfiguration.class,
        JacksonAutoConfiguration.class,
        CodecsAutoConfiguration.class,
        NettyReactiveWebServerAutoConfiguration.class,
        HttpHandlerAutoConfiguration.class,
        WebFluxAutoConfiguration.class,
        ErrorWebFluxAutoConfiguration.class,
        EndpointAutoConfiguration.class,
        WebEndpointAutoConfiguration.class,
        HealthContributorAutoConfiguration.class,
        HealthContributorRegistryAutoConfiguration.class,
        HealthEndpointAutoConfiguration.class,
        WebFluxHealthEndpointExtensionAutoConfiguration.class,
        ManagementContextAutoConfiguration.class
})
@Import(SimulatorApiConfiguration.class)
public class SimulatorApplication {

    private static final Logger log = LoggerFactory.getLogger(SimulatorApplication.class);

    @Bean
    ReactorResourceFactory simulatorReactorResources() {
        ReactorResourceFactory resources = new ReactorResourceFactory();
        resources.setUseGlobalResources(false);
        resources.setLoopResourcesSupplier(() -> LoopResources.create("deepseek-sim"));
        // a test simulator must close fast: no quiet period
        resources.setShutdownQuietPeriod(Duration.ZERO);
        resources.setShutdownTimeout(Duration.ofSeconds(2));
        return resources;
    }

    /**
     * Runs the simulator standalone. Environment: {@code SIMULATOR_PORT} (default 3999),
     * {@code SIMULATOR_TOKENS_PER_SECOND}, {@code SIMULATOR_FIRST_TOKEN_DELAY_MS},
     * {@code SIMULATOR_KEEP_ALIVE_MS}, {@code SIMULATOR_MODELS} (comma list), {@code SIMULATOR_API_KEY}.
     */
    public static void main(String[] args) {
        SimulatorSettings settings = EnvironmentSettings.from(System.getenv());
        DeepSeekSimulator simulator = DeepSeekSimulator.start(settings);
        log.info("DeepSeek simulator listening on {} (also {}/v1 and {}/beta), {}", simulator.baseUrl(),
                simulator.baseUrl(), simulator.baseUrl(), settings);
    }
}
