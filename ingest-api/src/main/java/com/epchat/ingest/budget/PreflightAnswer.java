package com.epchat.ingest.budget;

import com.epchat.topics.money.Usd;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * The answer of {@code POST /api/preflight}.
 *
 * @param allowed the worst case fits every level now
 * @param estimate the worst case of the job (every round's input as a cache miss, plus all output)
 * @param rounds calls needed at the model's output cap per call
 * @param remaining what each level ({@code request}, {@code user_daily}, {@code site_hourly}) leaves now
 * @param maxAffordableOutputTokens the largest output that fits every level now (0: none)
 * @param limitingLevel the first level the estimate would trip; absent when allowed
 * @param resetsAt when the limiting window resets; absent when allowed or for the request level
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PreflightAnswer(boolean allowed, String model, long inputTokens, long targetOutputTokens, Usd estimate,
        int rounds, int outputCapPerRound, Map<String, Usd> remaining, int maxAffordableOutputTokens,
        String limitingLevel, Instant resetsAt) {
}
