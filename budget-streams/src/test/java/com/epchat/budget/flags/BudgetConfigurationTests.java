package com.epchat.budget.flags;

import com.epchat.budget.config.BudgetProperties;
import com.epchat.flags.testing.ServiceConfigurationTests;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** budget-streams refuses to start on a nonsense value, naming the variable and the value (as {@code budget-streams.yml} binds them). */
@EnableConfigurationProperties(BudgetProperties.class)
class BudgetConfigurationTests extends ServiceConfigurationTests {

    BudgetConfigurationTests() {
        super("budget-streams",
                "BUDGET_REQ_USD=-0.40          | BUDGET_REQ_USD must be an amount in USD above zero, was -0.40",
                "BUDGET_USER_DAILY_USD=lots    | BUDGET_USER_DAILY_USD='lots' is not a number",
                "BUDGET_SITE_HOURLY_USD=0      | BUDGET_SITE_HOURLY_USD must be an amount in USD above zero, was 0",
                "BUDGET_TIMEZONE=Mars/Olympus  | BUDGET_TIMEZONE must be a time zone id",
                "PRICE_OUT_PER_1K=cheap        | PRICE_OUT_PER_1K='cheap' is not a number",
                "MODEL_NAME=gpt-4              | MODEL_NAME must be one of",
                "MODEL_CTX=1048576             | MODEL_CTX must be between 4096 and 131072 tokens");
    }
}
