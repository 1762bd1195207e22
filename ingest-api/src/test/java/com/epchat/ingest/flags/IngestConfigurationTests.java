package com.epchat.ingest.flags;

import com.epchat.flags.testing.ServiceConfigurationTests;
import com.epchat.ingest.config.IngestProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** ingest-api refuses to start on a nonsense value, naming the variable and the value (as {@code ingest-api.yml} binds them). */
@EnableConfigurationProperties(IngestProperties.class)
class IngestConfigurationTests extends ServiceConfigurationTests {

    IngestConfigurationTests() {
        super("ingest-api",
                "PRICE_IN_PER_1K=abc         | PRICE_IN_PER_1K='abc' is not a number",
                "PRICE_OUT_PER_1K=-0.5       | PRICE_OUT_PER_1K must be a price of zero or more, was -0.5",
                "MODEL_NAME=gpt-4            | MODEL_NAME must be one of",
                "MODEL_CTX=262144            | MODEL_CTX must be between 4096 and 131072 tokens",
                "EP_128K_MODE=maybe          | EP_128K_MODE must be enabled/disabled",
                "EP_DEFAULT_MAX_TOKENS=0     | EP_DEFAULT_MAX_TOKENS must be above zero, was 0",
                "EP_DECISION_TIMEOUT=soon    | EP_DECISION_TIMEOUT='soon' is not a duration");
    }
}
