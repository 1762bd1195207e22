package com.epchat.simulator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Map;

/**
 * DeepSeek's JSON payloads as records, written snake_case by one shared mapper. Nulls are written (DeepSeek sends
 * {@code "logprobs":null}, {@code "finish_reason":null}, {@code "param":null}) except where a field is marked.
 */
final class WireJson {

    static final JsonMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .build();

    static final String FINGERPRINT = "fp_sim_0001";

    private WireJson() {
    }

    static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    record ErrorBody(ErrorDetail error) {
    }

    record ErrorDetail(String message, String type, Object param, String code) {
    }

    record ModelList(String object, List<ModelInfo> data) {
    }

    record ModelInfo(String id, String object, String ownedBy) {
    }

    record Balance(boolean isAvailable, List<BalanceInfo> balanceInfos) {
    }

    /** Amounts are strings on DeepSeek's wire. */
    record BalanceInfo(String currency, String totalBalance, String grantedBalance, String toppedUpBalance) {
    }

    record Usage(long promptTokens, long completionTokens, long totalTokens, PromptTokensDetails promptTokensDetails,
                 long promptCacheHitTokens, long promptCacheMissTokens,
                 CompletionTokensDetails completionTokensDetails) {
    }

    record PromptTokensDetails(long cachedTokens) {
    }

    record CompletionTokensDetails(long reasoningTokens) {
    }

    /** {@code delta} is a map so the first chunk, reasoning and content deltas each show exactly their keys. */
    record Chunk(String id, String object, long created, String model, String systemFingerprint,
                 List<ChunkChoice> choices, @JsonInclude(JsonInclude.Include.NON_NULL) Usage usage) {
    }

    record ChunkChoice(int index, Map<String, Object> delta, Object logprobs, String finishReason) {
    }

    record Completion(String id, String object, long created, String model, String systemFingerprint,
                      List<CompletionChoice> choices, Usage usage) {
    }

    record CompletionChoice(int index, Message message, Object logprobs, String finishReason) {
    }

    record Message(String role, String content,
                   @JsonInclude(JsonInclude.Include.NON_NULL) String reasoningContent) {
    }
}
