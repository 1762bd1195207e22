package com.epchat.deepseek;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON shapes of the API: the chat request body out; usage, model list and balance in.
 * Reading is lenient (missing fields become 0 or null) because the provider adds and renames fields.
 */
final class Payloads {

    private Payloads() {
    }

    /** {@code {"model", "messages", "max_tokens"?, "stream": true}}; usage comes on the last chunk by default. */
    static byte[] chatBody(JsonMapper json, ChatRequest request) {
        ObjectNode body = json.createObjectNode();
        body.put("model", request.model());
        body.set("messages", json.valueToTree(request.messages()));
        if (request.maxTokens() > 0) {
            body.put("max_tokens", request.maxTokens());
        }
        body.put("stream", true);
        return json.writeValueAsBytes(body);
    }

    /** The node's text if it is a JSON string, else null (so JSON null never becomes "null"). */
    static String text(JsonNode node) {
        return node != null && node.isString() ? node.stringValue() : null;
    }

    static Usage usage(JsonNode node) {
        long prompt = node.path("prompt_tokens").asLong(0);
        long hit = node.path("prompt_cache_hit_tokens").asLong(0);
        // without a split, bill everything not reported as a hit as a miss (the expensive side)
        long miss = node.has("prompt_cache_miss_tokens")
                ? node.path("prompt_cache_miss_tokens").asLong(0)
                : Math.max(0, prompt - hit);
        if (!node.has("prompt_tokens")) {
            prompt = hit + miss;
        }
        long completion = node.path("completion_tokens").asLong(0);
        long reasoning = node.path("completion_tokens_details").path("reasoning_tokens").asLong(0);
        return new Usage(prompt, hit, miss, completion, reasoning);
    }

    static List<String> modelIds(JsonNode root) {
        List<String> ids = new ArrayList<>();
        for (JsonNode model : root.path("data")) {
            String id = text(model.path("id"));
            if (id != null) {
                ids.add(id);
            }
        }
        return List.copyOf(ids);
    }

    static Balance balance(JsonNode root) {
        List<Balance.CurrencyBalance> infos = new ArrayList<>();
        for (JsonNode info : root.path("balance_infos")) {
            infos.add(new Balance.CurrencyBalance(text(info.path("currency")), amount(info.path("total_balance")),
                    amount(info.path("granted_balance")), amount(info.path("topped_up_balance"))));
        }
        return new Balance(root.path("is_available").asBoolean(false), infos);
    }

    private static BigDecimal amount(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return BigDecimal.ZERO;
        }
        // the API sends strings; a number is read from its text, never through a double
        return new BigDecimal(node.isString() ? node.stringValue().strip() : node.asString());
    }
}
