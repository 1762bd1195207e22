package com.epchat.simulator.api;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** Turns an {@link ApiException} into its status, {@code Retry-After} header (429 only) and error body. */
final class ErrorResponses {

    private ErrorResponses() {
    }

    static Mono<ServerResponse> of(ApiException error) {
        String body = WireJson.write(new WireJson.ErrorBody(
                new WireJson.ErrorDetail(error.getMessage(), error.type(), null, error.code())));
        return ServerResponse.status(error.status())
                .contentType(MediaType.APPLICATION_JSON)
                .headers(headers -> {
                    if (error.retryAfterSeconds() != null) {
                        headers.set(HttpHeaders.RETRY_AFTER, String.valueOf(error.retryAfterSeconds()));
                    }
                })
                .bodyValue(body);
    }
}
