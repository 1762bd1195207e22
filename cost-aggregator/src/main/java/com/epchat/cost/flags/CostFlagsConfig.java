package com.epchat.cost.flags;

import com.epchat.flags.spring.FeatureFlagsConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * cost-aggregator on live flags ({@code ep.control.flags}): it checks their start values, logs each
 * change, shows them as {@code ep_chat_feature_flag} and switches {@code /api/metrics} with the
 * {@code prometheus} flag. The rollups themselves depend on no flag: they count what was billed.
 */
@Configuration(proxyBeanMethods = false)
@Import(FeatureFlagsConfiguration.class)
class CostFlagsConfig {
}
