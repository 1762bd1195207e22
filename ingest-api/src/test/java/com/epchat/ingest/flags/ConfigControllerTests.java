package com.epchat.ingest.flags;

import com.epchat.ingest.security.ApiKeySecurityConfig;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.epchat.flags.EnvironmentFlags;
import com.epchat.flags.FlagStore;
import com.epchat.flags.FlagWatcher;
import com.epchat.ingest.config.IngestProperties;
import com.epchat.pricing.PricingSettings;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** {@code GET /api/config}: admins see the live flags and the effective configuration, never a secret. */
// the API-key filter has its own tests; this slice is about the controller's contract
@WebMvcTest(controllers = ConfigController.class, excludeFilters = @ComponentScan.Filter(
        type = FilterType.ASSIGNABLE_TYPE, classes = ApiKeySecurityConfig.class), properties = {
    "DEEPSEEK_API_KEY=sk-live-0123456789abcdef", "EP_API_KEYS=5e884898da28 alice admin", "MODEL_NAME=deepseek-v3.1",
    "EP_DEFAULT_MAX_TOKENS=4096", "DEEPSEEK_BASE_URL=http://localhost:3999"})
@Import(ConfigControllerTests.Config.class)
class ConfigControllerTests {

    @TestConfiguration
    static class Config {

        static final IngestProperties PROPERTIES = new IngestProperties(
                new PricingSettings(131_072, "enabled", new BigDecimal("0.0014"), null, new BigDecimal("0.0028")),
                Duration.ofSeconds(10), Duration.ofSeconds(15), 4096, "deepseek-v3.1");

        @Bean
        ConfigReport configReport(ConfigurableEnvironment environment) {
            // not started: it holds the environment's flags, which is all this test needs
            FlagWatcher watcher = new FlagWatcher(FlagStore.of("localhost:1", Duration.ofSeconds(1)),
                    EnvironmentFlags.from(name -> null, "ingest-api", Instant.parse("2025-01-01T10:00:00Z")),
                    "ingest-api");
            return new ConfigReport(PROPERTIES, new LiveModels(watcher, 131_072), environment);
        }
    }

    @Autowired
    MockMvc mvc;

    static RequestPostProcessor role(String role) {
        return request -> {
            request.addUserRole(role);
            return request;
        };
    }

    @Test
    void shouldRefuseAnyoneWhoIsNotAnAdmin() throws Exception {
        mvc.perform(get("/api/config"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.field").value("Authorization"));
        mvc.perform(get("/api/config").with(role("user")))
                .andExpect(status().isForbidden());
    }

    @Test
    void shouldShowAnAdminTheLiveFlagsAndTheEffectiveConfiguration() throws Exception {
        mvc.perform(get("/api/config").with(role("admin")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.flags.autoContinuation").value(true))
                .andExpect(jsonPath("$.flags.changedBy").value("environment"))
                .andExpect(jsonPath("$.effective.defaultModel").value("deepseek-v3.1"))
                .andExpect(jsonPath("$.effective.models['deepseek-v3.1'].contextWindow").value(131_072))
                .andExpect(jsonPath("$.effective.pricesPer1K.output").value("0.0028"))
                .andExpect(jsonPath("$.effective.budgetGuardForEveryRequest").value(false))
                .andExpect(jsonPath("$.environment.MODEL_NAME").value("deepseek-v3.1"))
                .andExpect(jsonPath("$.environment.EP_DEFAULT_MAX_TOKENS").value("4096"));
    }

    @Test
    void shouldMaskEverySecret() throws Exception {
        String body = mvc.perform(get("/api/config").with(role("admin")))
                .andExpect(jsonPath("$.environment.DEEPSEEK_API_KEY").value(ConfigReport.MASK))
                .andExpect(jsonPath("$.environment.EP_API_KEYS").value(ConfigReport.MASK))
                .andExpect(jsonPath("$.environment.DEEPSEEK_BASE_URL").value("http://localhost:3999"))
                .andReturn().getResponse().getContentAsString();

        assertThat(body).doesNotContain("sk-live").doesNotContain("5e884898da28");
    }
}
