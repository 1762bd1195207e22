package com.epchat.ingest.security;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * API-key access control: the keys from {@code EP_API_KEYS} / {@code EP_API_KEYS_FILE}, the filter
 * that authenticates every request first, and the {@link ApiUser} controller parameter.
 *
 * <p>A small filter rather than Spring Security: the need is one hash lookup and a role check, and
 * the local stack and the benchmarks run all four services on one classpath, where Spring Security's
 * auto-configuration would lock the other services' health and metrics endpoints. Public (unlike
 * other configuration classes) so that web-slice tests can import it.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
public class ApiKeySecurityConfig implements WebMvcConfigurer {

    private static final Logger log = LoggerFactory.getLogger(ApiKeySecurityConfig.class);

    @Bean
    ApiKeys apiKeys(SecurityProperties properties) {
        ApiKeys keys = ApiKeys.from(properties);
        log.info("{} API key(s) provisioned", keys.size());
        return keys;
    }

    @Bean
    FilterRegistrationBean<ApiKeyFilter> apiKeyFilter(ApiKeys keys) {
        var registration = new FilterRegistrationBean<>(new ApiKeyFilter(keys));
        // before anything that reads the request or answers it
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new ApiUserArgumentResolver());
    }
}
