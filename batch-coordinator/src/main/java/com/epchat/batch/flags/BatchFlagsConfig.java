package com.epchat.batch.flags;

import com.epchat.flags.spring.FeatureFlagsConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * batch-coordinator on live flags ({@code ep.control.flags}): it checks their start values, logs each change,
 * shows them as {@code ep_chat_feature_flag} and switches {@code /api/metrics} with the {@code prometheus}
 * flag. The coordination itself depends on no flag: every item passes the budget guard downstream.
 */
@Configuration(proxyBeanMethods = false)
@Import(FeatureFlagsConfiguration.class)
class BatchFlagsConfig {
}
