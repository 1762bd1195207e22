package com.epchat.worker.generation;

import com.epchat.deepseek.ChatMessage;
import com.epchat.deepseek.ChatRequest;
import com.epchat.deepseek.Completion;
import com.epchat.deepseek.DeepSeekClient;
import com.epchat.deepseek.DeepSeekException;
import com.epchat.deepseek.RetryPolicy;
import com.epchat.deepseek.StreamListener;
import com.epchat.pricing.ModelCatalog;
import com.epchat.pricing.ModelPrice;
import com.epchat.pricing.ModelSpec;
import com.epchat.pricing.PriceList;
import com.epchat.pricing.TokenEstimator;
import com.epchat.topics.event.BudgetDecision;
import com.epchat.topics.event.GenerationRequested;
import com.epchat.topics.event.TokenUsage;
import com.epchat.worker.capability.ModelResolver;
import com.epchat.worker.continuation.ContinuationPolicy;
import com.epchat.worker.metrics.JobMetrics;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Runs one approved job to its end: resolves the API model, streams each call's deltas out as
 * chunk events, bills every call, and after {@code finish_reason: length} continues the same text
 * (chat prefix completion) while the reservation allows. A retryable failure mid-way is billed and
 * the text continues from what was received, so no token is bought twice.
 */
public final class JobRunner {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    private final DeepSeekClient client;
    private final ModelResolver resolver;
    private final ModelCatalog catalog;
    private final PriceList prices;
    private final ContinuationPolicy continuation;
    private final RetryPolicy retry;
    private final int maxOutputTokens;
    private final KafkaTemplate<String, byte[]> template;
    private final Clock clock;
    private final JobMetrics metrics;

    public JobRunner(DeepSeekClient client, ModelResolver resolver, ModelCatalog catalog, PriceList prices,
            ContinuationPolicy continuation, int maxOutputTokens, KafkaTemplate<String, byte[]> template, Clock clock) {
        this(client, resolver, catalog, prices, continuation, maxOutputTokens, template, clock, JobMetrics.discarding());
    }

    public JobRunner(DeepSeekClient client, ModelResolver resolver, ModelCatalog catalog, PriceList prices,
            ContinuationPolicy continuation, int maxOutputTokens, KafkaTemplate<String, byte[]> template, Clock clock,
            JobMetrics metrics) {
        this.client = client;
        this.resolver = resolver;
        this.catalog = catalog;
        this.prices = prices;
        this.continuation = continuation;
        this.retry = client.settings().retry();
        this.maxOutputTokens = maxOutputTokens;
        this.template = template;
        this.clock = clock;
        this.metrics = metrics;
    }

    public void run(BudgetDecision decision) {
        GenerationRequested request = decision.request();
        JobOutput out = new JobOutput(template, request, clock, metrics);
        Optional<ModelSpec> spec = catalog.find(request.model());
        if (spec.isEmpty()) {
            out.usage(0, null, Bill.NOTHING, true);
            out.failed(0, "unknown_model", "model " + request.model() + " is not configured here", null);
            return;
        }
        new Job(request, decision, spec.get(), out).run();
    }

    /** The state of one job while it runs. */
    private final class Job {

        private final GenerationRequested request;
        private final BudgetDecision decision;
        private final ModelSpec spec;
        private final JobOutput out;
        private final StringBuilder text = new StringBuilder();
        private final long promptTokens;
        private final long wanted;
        private int calls;
        private int failures;

        Job(GenerationRequested request, BudgetDecision decision, ModelSpec spec, JobOutput out) {
            this.request = request;
            this.decision = decision;
            this.spec = spec;
            this.out = out;
            this.promptTokens = TokenEstimator.tokens(request.messages());
            this.wanted = Math.min(request.maxTokens(), maxOutputTokens);
        }

        void run() {
            String apiModel = null;
            String roundReason = null;
            while (true) {
                Optional<String> resolved = resolver.resolve(spec);
                if (resolved.isEmpty()) {
                    end(apiModel, Bill.NOTHING, null, "model_unavailable",
                            "no model of " + spec.apiModels() + " is served now");
                    return;
                }
                apiModel = resolved.get();
                calls++;
                if (calls == 1) {
                    out.running(apiModel, calls);
                } else {
                    out.roundStart(calls, roundReason);
                }
                ModelPrice price = prices.forApiModel(apiModel);
                int callMax = (int) Math.min(spec.outputCapPerCall(), wanted - out.outputTokens());
                try {
                    Completion c = client.stream(new ChatRequest(apiModel, messages(), callMax), listener(calls));
                    Bill bill = bill(price, c.usage(), c.content(), c.reasoning(), false);
                    if (!"length".equals(c.finishReason())) {
                        end(apiModel, bill, c.finishReason(), null, null);
                        return;
                    }
                    long produced = out.outputTokens() + bill.tokens().output();
                    var verdict = continuation.afterLength(promptTokens + produced, wanted - produced,
                            spec.outputCapPerCall(), decision.reserved(), out.cost().plus(bill.cost()), price);
                    if (!verdict.proceed()) {
                        end(apiModel, bill, verdict.finishReason(), null, null);
                        return;
                    }
                    out.usage(calls, apiModel, bill, false);
                    roundReason = "length";
                } catch (DeepSeekException e) {
                    Bill bill = bill(price, e.usage(), e.partialContent(), e.partialReasoning(), e.usage() == null);
                    if (e.kind() == DeepSeekException.Kind.MODEL_NOT_FOUND) {
                        out.usage(calls, apiModel, bill, false);
                        resolver.markRefused(apiModel);
                        roundReason = "fallback";
                    } else if (!e.retryable() || ++failures >= retry.maxAttempts()) {
                        log.warn("job {} failed on {} after {} calls: {}", request.jobId(), apiModel, calls, e.kind());
                        end(apiModel, bill, null, "provider_" + e.kind().name().toLowerCase(), e.getMessage());
                        return;
                    } else {
                        out.usage(calls, apiModel, bill, false);
                        pause(e);
                        roundReason = "retry";
                    }
                }
            }
        }

        /** Bills the last call (or, for a job that made none, an empty call 0) and closes the stream. */
        private void end(String apiModel, Bill bill, String finishReason, String errorCode, String message) {
            out.usage(calls, apiModel, bill, true);
            if (errorCode == null) {
                out.done(calls, finishReason, apiModel);
            } else {
                out.failed(calls, errorCode, message, apiModel);
            }
        }

        private StreamListener listener(int round) {
            return new StreamListener() {
                @Override
                public void onContent(String content) {
                    text.append(content);
                    out.delta(round, content, null);
                }

                @Override
                public void onReasoning(String reasoning) {
                    out.delta(round, null, reasoning);
                }
            };
        }

        /** The conversation, and the text so far as an assistant prefix to continue from. */
        private List<ChatMessage> messages() {
            List<ChatMessage> messages = new ArrayList<>();
            request.messages().forEach(m -> messages.add(new ChatMessage(m.role(), m.content(), null)));
            if (!text.isEmpty()) {
                messages.add(ChatMessage.assistantPrefix(text.toString()));
            }
            return messages;
        }

        /** What a call cost; a call cut without usage is billed from the text received, flagged estimated. */
        private Bill bill(ModelPrice price, com.epchat.deepseek.Usage usage, String content, String reasoning,
                boolean estimated) {
            TokenUsage tokens;
            if (usage != null) {
                tokens = new TokenUsage(usage.promptCacheHitTokens(), usage.promptCacheMissTokens(),
                        usage.completionTokens(), usage.reasoningTokens());
            } else {
                long output = tokensOf(content) + tokensOf(reasoning);
                long input = promptTokens + out.outputTokens();
                tokens = new TokenUsage(0, input, output, tokensOf(reasoning));
            }
            return new Bill(tokens, price.cost(tokens), estimated);
        }

        private long tokensOf(String s) {
            return s == null || s.isEmpty() ? 0 : TokenEstimator.tokens(s);
        }

        private void pause(DeepSeekException e) {
            try {
                Thread.sleep(retry.delay(failures, ThreadLocalRandom.current().nextDouble(), e.retryAfter()).toMillis());
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
