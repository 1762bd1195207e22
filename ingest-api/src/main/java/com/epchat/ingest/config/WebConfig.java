package com.epchat.ingest.config;

import com.epchat.ingest.generate.GenerationValidator;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The HTTP edge's collaborators built from configuration. */
@Configuration(proxyBeanMethods = false)
class WebConfig {

    @Bean
    GenerationValidator generationValidator(IngestProperties properties) {
        return new GenerationValidator(properties.pricing().catalog(), properties.pricing().prices(),
                properties.defaultModel(), properties.defaultMaxTokens(), Clock.systemUTC());
    }
}
