package com.epchat.simulator.api;

import com.epchat.simulator.SimMessage;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The fields of a {@code POST /chat/completions} body the simulator uses; unknown fields (temperature, top_p,
 * stream_options, ...) are ignored as DeepSeek does. {@link #parse} turns a malformed body into a 400.
 *
 * @param lastIsPrefix whether the last message is an assistant message with {@code "prefix": true}
 * @param maxTokens    {@code null} when the body has none
 */
record ChatRequest(String model, List<SimMessage> messages, boolean lastIsPrefix, boolean stream, Integer maxTokens) {

    private static final Set<String> ROLES = Set.of("system", "user", "assistant", "tool");

    static ChatRequest parse(String body) {
        JsonNode root;
        try {
            root = WireJson.MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw ApiException.invalidRequest("Failed to deserialize the JSON body into the target type: malformed JSON");
        }
        if (root == null || !root.isObject()) {
            throw ApiException.invalidRequest("Failed to deserialize the JSON body: expected a JSON object");
        }
        JsonNode model = root.path("model");
        if (!model.isString() || model.stringValue().isBlank()) {
            throw ApiException.invalidRequest("Missing or invalid field: model");
        }
        JsonNode messages = root.path("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            throw ApiException.invalidRequest("Empty input messages: messages must be a non-empty array");
        }
        List<SimMessage> parsed = new ArrayList<>();
        boolean lastIsPrefix = false;
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            parsed.add(message(message, i));
            lastIsPrefix = message.path("prefix").isBoolean() && message.path("prefix").booleanValue();
        }
        lastIsPrefix = lastIsPrefix && "assistant".equals(parsed.get(parsed.size() - 1).role());
        return new ChatRequest(model.stringValue(), parsed, lastIsPrefix, bool(root, "stream"), maxTokens(root));
    }

    private static SimMessage message(JsonNode message, int index) {
        JsonNode role = message.path("role");
        if (!role.isString() || !ROLES.contains(role.stringValue())) {
            throw ApiException.invalidRequest("messages[" + index + "].role must be one of " + ROLES);
        }
        JsonNode content = message.path("content");
        if (!content.isMissingNode() && !content.isNull() && !content.isString()) {
            throw ApiException.invalidRequest("messages[" + index + "].content must be a string");
        }
        return new SimMessage(role.stringValue(), content.isString() ? content.stringValue() : "");
    }

    private static boolean bool(JsonNode root, String field) {
        JsonNode node = root.path(field);
        if (node.isMissingNode() || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw ApiException.invalidRequest(field + " must be a boolean");
        }
        return node.booleanValue();
    }

    private static Integer maxTokens(JsonNode root) {
        JsonNode node = root.path("max_tokens");
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw ApiException.invalidParameters("max_tokens must be an integer");
        }
        return node.intValue();
    }
}
