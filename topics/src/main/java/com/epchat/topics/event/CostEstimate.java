package com.epchat.topics.event;

import com.epchat.topics.money.Usd;

/**
 * The worst case a job may cost, computed before any call: every round's input (the whole context
 * re-sent) priced as a cache miss, plus all the output it may produce.
 *
 * @param inputTokens estimated tokens of the prompt (no tokenizer: DeepSeek's rule of thumb)
 * @param outputTokens the output tokens the job may produce in all (its {@code maxTokens})
 * @param rounds calls needed to produce {@code outputTokens} at the model's output cap per call
 * @param outputCapPerRound the model's output cap per call used for the estimate
 * @param worstCase the cost reserved for the job when it is approved
 */
public record CostEstimate(long inputTokens, long outputTokens, int rounds, int outputCapPerRound, Usd worstCase) {
}
