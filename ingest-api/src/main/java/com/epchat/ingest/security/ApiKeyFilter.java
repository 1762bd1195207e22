package com.epchat.ingest.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every request but the open ones ({@code GET /api/generate}, {@code /health}, {@code /api/metrics})
 * must carry {@code Authorization: Bearer <API key>} of a provisioned key; otherwise 401 with a JSON
 * body. The caller is put on the request as an {@link ApiUser} for controllers. Default deny: a new
 * endpoint is protected unless it is added to {@link #isOpen}. The key never reaches a log.
 */
public final class ApiKeyFilter extends OncePerRequestFilter {

    /** The request attribute holding the authenticated {@link ApiUser}. */
    public static final String USER_ATTRIBUTE = ApiUser.class.getName();

    private static final String BEARER = "Bearer ";
    private static final byte[] UNAUTHORIZED = ("{\"error\":\"unauthorized\",\"field\":\"Authorization\","
            + "\"message\":\"send a valid API key as 'Authorization: Bearer <key>'\"}").getBytes(StandardCharsets.UTF_8);

    private final ApiKeys keys;

    public ApiKeyFilter(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<ApiUser> user = keys.authenticate(bearerKey(request));
        user.ifPresent(u -> request.setAttribute(USER_ATTRIBUTE, u));
        if (user.isPresent()) {
            // the servlet API's own view of the caller, for code that asks isUserInRole("finance")
            chain.doFilter(new Authenticated(request, user.get()), response);
            return;
        }
        if (isOpen(request)) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"ep-chat\"");
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setContentLength(UNAUTHORIZED.length);
        response.getOutputStream().write(UNAUTHORIZED);
    }

    /** The request as the key's user: principal = user id, roles = the key's roles (either case). */
    private static final class Authenticated extends HttpServletRequestWrapper {

        private final ApiUser user;

        Authenticated(HttpServletRequest request, ApiUser user) {
            super(request);
            this.user = user;
        }

        @Override
        public Principal getUserPrincipal() {
            return user::userId;
        }

        @Override
        public String getRemoteUser() {
            return user.userId();
        }

        @Override
        public boolean isUserInRole(String role) {
            return user.roles().stream().anyMatch(r -> r.label().equalsIgnoreCase(role)
                    || r.authority().equalsIgnoreCase(role));
        }
    }

    /** Probes and the service description stay open: orchestrators and Prometheus hold no key. */
    static boolean isOpen(HttpServletRequest request) {
        // the container's decoded, normalised path (no "..", no ";params"), as requests are mapped by
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        boolean read = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
        return read && (path.equals("/api/generate") || path.equals("/health") || path.startsWith("/health/")
                || path.equals("/api/metrics"));
    }

    private static String bearerKey(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        return header.substring(BEARER.length()).strip();
    }
}
