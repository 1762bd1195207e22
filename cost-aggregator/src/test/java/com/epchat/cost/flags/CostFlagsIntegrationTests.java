package com.epchat.cost.flags;

import com.epchat.cost.CostAggregatorApplication;
import com.epchat.flags.testing.StreamsServiceFlagsTests;

/** Two cost-aggregator instances on a real broker follow the live flags: each sees an emergency and a restore, without a restart. */
class CostFlagsIntegrationTests extends StreamsServiceFlagsTests {

    CostFlagsIntegrationTests() {
        super(CostAggregatorApplication::builder, "COST_AGGREGATOR_PORT", "cost-flags");
    }
}
