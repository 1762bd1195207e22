package com.epchat.simulator.api;

import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * DeepSeek's HTTP surface, served under {@code /}, {@code /v1} and {@code /beta}: {@code GET /models},
 * {@code GET /user/balance}, {@code POST /chat/completions}. Every route needs {@code Authorization: Bearer <key>}
 * (any non-empty key, or exactly the configured one); otherwise 401 without echoing what was sent.
 * Imported by {@link com.epchat.simulator.SimulatorApplication}; not annotated {@code @Configuration} so that
 * component scanning elsewhere never finds it.
 */
public class SimulatorApiConfiguration {

    static final List<String> BASE_PATHS = List.of("", "/v1", "/beta");

    @Bean
    RouterFunction<ServerResponse> deepSeekRoutes(SimulatorRuntime runtime) {
        ChatCompletionHandler chat = new ChatCompletionHandler(runtime);
        AccountHandler account = new AccountHandler(runtime.models());
        RouterFunctions.Builder routes = RouterFunctions.route();
        for (String base : BASE_PATHS) {
            boolean beta = "/beta".equals(base);
            routes.GET(base + "/models", account::models)
                    .GET(base + "/user/balance", account::balance)
                    .POST(base + "/chat/completions", request -> chat.handle(request, beta));
        }
        return routes.filter(bearerAuth(runtime.settings().apiKey())).build();
    }

    private static HandlerFilterFunction<ServerResponse, ServerResponse> bearerAuth(String apiKey) {
        return (request, next) -> authorized(request.headers().firstHeader(HttpHeaders.AUTHORIZATION), apiKey)
                ? next.handle(request) : ErrorResponses.of(ApiException.unauthorized());
    }

    static boolean authorized(String header, String apiKey) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        String key = header.substring(7).trim();
        if (key.isEmpty()) {
            return false;
        }
        // constant-time comparison: response timing gives no hint about the key
        return apiKey == null || MessageDigest.isEqual(key.getBytes(StandardCharsets.UTF_8),
                apiKey.getBytes(StandardCharsets.UTF_8));
    }
}
