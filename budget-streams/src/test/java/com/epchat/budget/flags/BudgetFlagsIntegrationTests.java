package com.epchat.budget.flags;

import com.epchat.budget.BudgetStreamsApplication;
import com.epchat.flags.testing.StreamsServiceFlagsTests;

/** Two budget-streams instances on a real broker follow the live flags: each sees an emergency and a restore, without a restart. */
class BudgetFlagsIntegrationTests extends StreamsServiceFlagsTests {

    BudgetFlagsIntegrationTests() {
        super(BudgetStreamsApplication::builder, "BUDGET_STREAMS_PORT", "budget-flags");
    }
}
