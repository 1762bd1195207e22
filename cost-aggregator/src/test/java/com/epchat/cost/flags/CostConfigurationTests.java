package com.epchat.cost.flags;

import com.epchat.flags.testing.ServiceConfigurationTests;

/** cost-aggregator refuses to start on a nonsense flag start value, naming the variable and the value. */
class CostConfigurationTests extends ServiceConfigurationTests {

    CostConfigurationTests() {
        super("cost-aggregator",
                "MODEL_NAME=gpt-4          | MODEL_NAME must be one of",
                "PROM_ENABLED=perhaps      | PROM_ENABLED must be enabled/disabled",
                "EP_128K_MODE=128k         | EP_128K_MODE must be enabled/disabled");
    }
}
