package com.epchat.ingest.budget;

/**
 * The body of {@code POST /api/preflight}: would a job of this model, with about {@code inputTokens}
 * of prompt and {@code targetOutputTokens} of output, be served for {@code userId} now?
 */
public record PreflightRequest(String model, Long inputTokens, Long targetOutputTokens, String userId) {
}
