package com.epchat.simulator.api;

import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

import java.util.List;

/**
 * {@code GET /models} (the ids served right now, in DeepSeek's list shape) and {@code GET /user/balance}
 * (a fixed, available USD balance with amounts as strings, as DeepSeek sends them).
 */
final class AccountHandler {

    private static final WireJson.Balance BALANCE = new WireJson.Balance(true,
            List.of(new WireJson.BalanceInfo("USD", "110.00", "10.00", "100.00")));

    private final ModelCatalog models;

    AccountHandler(ModelCatalog models) {
        this.models = models;
    }

    Mono<ServerResponse> models(ServerRequest request) {
        List<WireJson.ModelInfo> data = models.ids().stream()
                .map(id -> new WireJson.ModelInfo(id, "model", "deepseek"))
                .toList();
        return json(new WireJson.ModelList("list", data));
    }

    Mono<ServerResponse> balance(ServerRequest request) {
        return json(BALANCE);
    }

    private static Mono<ServerResponse> json(Object body) {
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(WireJson.write(body));
    }
}
