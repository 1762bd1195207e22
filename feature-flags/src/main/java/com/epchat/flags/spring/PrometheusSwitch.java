package com.epchat.flags.spring;

import com.epchat.flags.FlagWatcher;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code GET /api/metrics} answers 404 while the live {@code prometheus} flag is off ({@code PROM_ENABLED}
 * gives its start value), and the Prometheus text again as soon as it is on: no restart either way.
 */
final class PrometheusSwitch extends OncePerRequestFilter {

    static final String PATH = "/api/metrics";
    private static final byte[] OFF = ("{\"error\":\"metrics_disabled\",\"message\":\"Prometheus metrics are "
            + "switched off (flag prometheus); turn them on with: ep flags set prometheus=on\"}")
            .getBytes(StandardCharsets.UTF_8);

    private final FlagWatcher watcher;

    PrometheusSwitch(FlagWatcher watcher) {
        this.watcher = watcher;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (watcher.current().prometheus()) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(HttpServletResponse.SC_NOT_FOUND);
        response.setContentType("application/json");
        response.setContentLength(OFF.length);
        response.getOutputStream().write(OFF);
    }
}
