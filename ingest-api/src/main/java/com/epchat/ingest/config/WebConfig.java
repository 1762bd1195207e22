package com.epchat.ingest.config;

import com.epchat.ingest.flags.LiveModels;
import com.epchat.ingest.generate.GenerationValidator;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The HTTP edge's collaborators built from configuration. */
@Configuration(proxyBeanMethods = false)
class WebConfig {

    /** Context, default model and the guard for every request come from the live flags, read per request. */
    @Bean
    GenerationValidator generationValidator(IngestProperties properties, LiveModels liveModels) {
        return new GenerationValidator(liveModels, properties.pricing().prices(), properties.defaultMaxTokens(),
                Clock.systemUTC());
    }
}
