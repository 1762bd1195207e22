package com.epchat.simulator;

import org.junit.jupiter.api.Test;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

import java.net.ServerSocket;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulator in one JVM with a Spring MVC service, as local-stack runs it: it stays reactive, ignores the
 * service's application.properties and a global {@code server.port}, and closing it leaves the service running.
 */
class SharedJvmTests {

    @Test
    void shouldRunBesideASpringMvcAppWithoutReadingItsConfiguration() throws Exception {
        String previousPort = System.getProperty("server.port");
        try (ConfigurableApplicationContext mvc = new SpringApplicationBuilder(MvcService.class)
                .web(WebApplicationType.SERVLET).bannerMode(Banner.Mode.OFF).logStartupInfo(false).run();
             ServerSocket taken = new ServerSocket(0)) {
            // a global setting meant for another app: the simulator must keep its own port
            System.setProperty("server.port", String.valueOf(taken.getLocalPort()));
            SimHttp service = new SimHttp("http://localhost:" + ((WebServerApplicationContext) mvc).getWebServer().getPort());

            try (DeepSeekSimulator simulator = DeepSeekSimulator.start(SimulatorSettings.defaults().withPort(0)
                    .withFirstTokenDelay(Duration.ZERO))) {
                SimHttp http = new SimHttp(simulator.baseUrl());

                assertThat(simulator.port()).isNotEqualTo(taken.getLocalPort());
                assertThat(http.get("/models").statusCode()).isEqualTo(200);
                assertThat(http.get("/actuator/health").body()).contains("UP");
                assertThat(service.get("/ping").body()).isEqualTo("pong");
            }
            assertThat(service.get("/ping").body()).isEqualTo("pong");
        } finally {
            if (previousPort == null) {
                System.clearProperty("server.port");
            } else {
                System.setProperty("server.port", previousPort);
            }
        }
    }

    /** A stand-in for ingest-api: Spring MVC with full auto-configuration and application.properties. */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class MvcService {

        @Bean
        RouterFunction<ServerResponse> ping() {
            return RouterFunctions.route().GET("/ping", request -> ServerResponse.ok().body("pong")).build();
        }
    }
}
