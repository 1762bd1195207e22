package com.epchat.ingest.config;

import com.epchat.ingest.flags.LiveModels;
import com.epchat.ingest.generate.GenerationValidator;
import java.time.Clock;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The HTTP edge's collaborators built from configuration, and the web server's per-connection memory. */
@Configuration(proxyBeanMethods = false)
class WebConfig {

    /**
     * Every open SSE stream keeps its connection's buffers for as long as it lasts (hours, thousands
     * of them), while what goes through them is small: socket buffers of 1 KiB (reads) and 2 KiB
     * (writes) instead of 8 KiB each, and a 2 KiB response buffer ({@link SseHttp11NioProtocol}).
     * Requests and answers of any size still pass, in more pieces. About 60 KiB per open stream
     * instead of about 110.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> smallConnectionBuffers() {
        return factory -> {
            factory.setProtocol(SseHttp11NioProtocol.class.getName());
            factory.addConnectorCustomizers(connector -> {
                connector.setProperty("socket.appReadBufSize", "1024");
                connector.setProperty("socket.appWriteBufSize", "2048");
            });
        };
    }

    /** Context, default model and the guard for every request come from the live flags, read per request. */
    @Bean
    GenerationValidator generationValidator(IngestProperties properties, LiveModels liveModels) {
        return new GenerationValidator(liveModels, properties.pricing().prices(), properties.defaultMaxTokens(),
                Clock.systemUTC());
    }
}
