package com.epchat.budget.flags;

import com.epchat.flags.spring.FeatureFlagsConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * budget-streams on live flags ({@code ep.control.flags}): it checks their start values, logs each
 * change, shows them as {@code ep_chat_feature_flag} and switches {@code /api/metrics} with the
 * {@code prometheus} flag. Its decisions need no flag: the estimate is the same at 64K and 128K (the
 * output cap per call does not change), and ingest-api marks every request guarded while
 * {@code budgetGuard} is on, which the guard here honours.
 */
@Configuration(proxyBeanMethods = false)
@Import(FeatureFlagsConfiguration.class)
class BudgetFlagsConfig {
}
