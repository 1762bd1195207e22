package com.epchat.ingest.security;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** The filter presents the key's user to the servlet API, so role checks such as the cost report's hold. */
class ApiKeyFilterTests {

    static final String FINANCE_KEY = "ep_" + "f".repeat(64);
    static final String USER_KEY = "ep_" + "a".repeat(64);

    final ApiKeyFilter filter = new ApiKeyFilter(ApiKeys.parse(List.of(
            ApiKeys.entry(FINANCE_KEY, "fiona", Set.of(Role.FINANCE)),
            ApiKeys.entry(USER_KEY, "alice", Set.of(Role.USER)))));

    HttpServletRequest passThrough(String key, String path) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        if (key != null) {
            request.addHeader("Authorization", "Bearer " + key);
        }
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(request, new MockHttpServletResponse(), chain);
        return (HttpServletRequest) chain.getRequest();
    }

    @Test
    void shouldPresentAFinanceKeyAsItsUserInTheFinanceRole() throws Exception {
        HttpServletRequest seen = passThrough(FINANCE_KEY, "/api/cost-report");

        assertThat(seen.getUserPrincipal().getName()).isEqualTo("fiona");
        assertThat(seen.isUserInRole("finance")).isTrue();
        assertThat(seen.isUserInRole("ROLE_FINANCE")).isTrue();
        assertThat(seen.isUserInRole("admin")).isFalse();
    }

    @Test
    void shouldGiveAPlainUserNoFinanceRole() throws Exception {
        assertThat(passThrough(USER_KEY, "/api/cost-report").isUserInRole("finance")).isFalse();
    }

    @Test
    void shouldStopAnUnknownKeyWith401() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/cost-report");
        request.addHeader("Authorization", "Bearer ep_" + "0".repeat(64));
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();

        filter.doFilter(request, response, chain);

        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(chain.getRequest()).isNull();
    }
}
