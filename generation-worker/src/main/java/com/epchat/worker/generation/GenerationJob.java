package com.epchat.worker.generation;

import com.epchat.deepseek.ChatMessage;
import com.epchat.deepseek.ChatRequest;
import com.epchat.deepseek.Completion;
import com.epchat.deepseek.DeepSeekException;
import com.epchat.deepseek.DeepSeekException.Kind;
import com.epchat.deepseek.StreamListener;
import com.epchat.pricing.ModelPrice;
import com.epchat.pricing.ModelSpec;
import com.epchat.pricing.TokenEstimator;
import com.epchat.topics.event.BudgetDecision;
import com.epchat.topics.event.GenerationRequested;
import com.epchat.topics.event.TokenUsage;
import com.epchat.worker.capability.ModelResolver.Resolved;
import com.epchat.worker.recovery.JobProgress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One approved job, run to its end on one thread: each provider call streams its deltas out as chunk
 * events and is billed as one usage event; after {@code finish_reason: length} the same text is
 * continued (prefix completion, or a continuation turn where the model lacks it) while the next
 * round's worst case fits what the reservation has left. A retryable failure is billed and the text
 * continues from what was received, so no token is bought twice. A job taken over from a worker that
 * died continues from the {@link JobProgress} Kafka holds. It runs to its end under the {@link JobRules}
 * it started with, and its {@code done} event says which. {@link #cancel()} ends it as cancelled;
 * {@link #handOver()} stops it without ending it, for the worker that gets its partition.
 */
public final class GenerationJob implements Job {

    private static final Logger log = LoggerFactory.getLogger(GenerationJob.class);

    private enum Stop {
        NONE,
        CANCEL,
        HAND_OVER
    }

    private final JobRunner runner;
    private final BudgetDecision decision;
    private final GenerationRequested request;
    private final ModelSpec spec;
    private final JobRules rules;
    private final JobProgress resume;
    private final JobOutput out;
    private final StringBuilder text;
    private final long promptTokens;
    private final long wanted;
    private long roundDeltas;
    private long roundReasoningDeltas;
    private long roundInput;
    private long contentDeltas;
    private boolean unbilledRoundsBilled;
    private volatile Stop stop = Stop.NONE;
    private volatile Thread callThread;
    private int calls;
    private int failures;
    private int downgrades;

    GenerationJob(JobRunner runner, BudgetDecision decision, ModelSpec spec, JobRules rules, JobProgress resume,
            JobOutput out) {
        this.runner = runner;
        this.decision = decision;
        this.request = decision.request();
        this.spec = spec;
        this.rules = rules;
        this.resume = resume;
        this.out = out;
        this.text = new StringBuilder(resume.text());
        this.calls = resume.lastRound();
        this.contentDeltas = resume.contentDeltas();
        this.promptTokens = TokenEstimator.tokens(request.messages());
        this.wanted = Math.min(request.maxTokens(), rules.maxOutputTokens());
    }

    @Override
    public String jobId() {
        return request.jobId();
    }

    @Override
    public String userId() {
        return request.userId();
    }

    @Override
    public boolean isCancelled() {
        return stop == Stop.CANCEL;
    }

    /** The client cancelled: stop the provider call, bill what it produced, end the job. */
    @Override
    public void cancel() {
        stopWith(Stop.CANCEL);
    }

    /** This worker lost the job's partition: stop the call, bill it, leave the rest to the next owner. */
    @Override
    public void handOver() {
        stopWith(Stop.HAND_OVER);
    }

    private void stopWith(Stop reason) {
        stop = reason;
        Thread t = callThread;
        if (t != null) {
            t.interrupt();
        }
    }

    @Override
    public Outcome run() {
        try {
            return rounds();
        } catch (RuntimeException e) {
            out.attemptFailed();
            throw e;
        }
    }

    private Outcome rounds() {
        String roundReason = resume.isFresh() ? null : "takeover";
        Resolved model = null;
        while (true) {
            Optional<Resolved> resolved = runner.resolver().resolve(spec);
            if (resolved.isEmpty()) {
                return end(model == null ? null : model.apiModel(), Bill.NOTHING, null, "model_unavailable",
                        "no model of " + spec.apiModels() + " is served now");
            }
            model = resolved.get();
            billUnbilledRounds(model.apiModel());
            if (stop != Stop.NONE) {
                return stopped(model.apiModel(), Bill.NOTHING);
            }
            calls++;
            if (roundReason == null) {
                out.running(model.apiModel(), calls);
            } else {
                out.roundStart(calls, roundReason);
            }
            ModelPrice price = runner.prices().forApiModel(model.apiModel());
            long produced = out.outputTokens();
            int callMax = (int) Math.min(Math.min(spec.outputCapPerCall(), model.capabilities().outputCapPerCall()),
                    Math.min(wanted - produced, spec.contextWindow() - promptTokens - produced));
            if (callMax <= 0) {
                return end(model.apiModel(), Bill.NOTHING, "length", null, null);
            }
            roundDeltas = 0;
            roundReasoningDeltas = 0;
            boolean prefix = model.capabilities().prefixCompletion();
            List<ChatMessage> messages = messages(prefix);
            roundInput = inputTokens(contentDeltas, prefix);
            try {
                callThread = Thread.currentThread();
                Completion c = runner.client().stream(new ChatRequest(model.apiModel(), messages, callMax),
                        listener(calls));
                callThread = null;
                Bill bill = bill(price, c.usage());
                if (stop != Stop.NONE) {
                    return stopped(model.apiModel(), bill);
                }
                if (!"length".equals(c.finishReason())) {
                    return end(model.apiModel(), bill, c.finishReason(), null, null);
                }
                long after = produced + bill.tokens().output();
                var verdict = rules.continuation().afterLength(promptTokens + after, wanted - after,
                        Math.min(spec.outputCapPerCall(), model.capabilities().outputCapPerCall()),
                        decision.reserved(), out.cost().plus(bill.cost()), price);
                if (!verdict.proceed()) {
                    return end(model.apiModel(), bill, verdict.finishReason(), null, null);
                }
                out.usage(calls, model.apiModel(), bill, false);
                roundReason = "length";
            } catch (DeepSeekException | RuntimeException e) {
                callThread = null;
                Thread.interrupted();
                DeepSeekException failure = e instanceof DeepSeekException d ? d : null;
                Bill bill = bill(price, failure == null ? null : failure.usage());
                if (stop != Stop.NONE) {
                    return stopped(model.apiModel(), bill);
                }
                if (failure == null) {
                    throw (RuntimeException) e;
                }
                String next = afterFailure(failure, model);
                if (next == null) {
                    log.warn("job {} failed on {} after {} calls: {}", jobId(), model.apiModel(), calls, failure.kind());
                    return end(model.apiModel(), bill, null, "provider_" + failure.kind().name().toLowerCase(),
                            failure.getMessage());
                }
                if (stop != Stop.NONE) {
                    return stopped(model.apiModel(), bill);
                }
                out.usage(calls, model.apiModel(), bill, false);
                roundReason = next;
            }
        }
    }

    /** What to do after a failed call: the next round's reason, or null to fail the job. */
    private String afterFailure(DeepSeekException e, Resolved model) {
        if (e.kind() == Kind.MODEL_NOT_FOUND) {
            runner.resolver().markRefused(model.apiModel());
            return "fallback";
        }
        if (e.kind() == Kind.INVALID_PARAMS && downgrades++ == 0) {
            runner.resolver().downgradeOutputCap(model.apiModel());
            return "downgrade";
        }
        boolean prefixCall = model.capabilities().prefixCompletion() && !text.isEmpty();
        if (prefixCall && e.kind() == Kind.BAD_REQUEST && String.valueOf(e.providerMessage()).toLowerCase()
                .contains("prefix")) {
            runner.resolver().markNoPrefixCompletion(model.apiModel());
            return "continuation_turn";
        }
        if (!e.retryable() || ++failures >= runner.retry().maxAttempts()) {
            return null;
        }
        callThread = Thread.currentThread();
        boolean waited = runner.pause(failures, e.retryAfter());
        callThread = null;
        return waited ? "retry" : (stop != Stop.NONE ? "stopped" : null);
    }

    private Outcome stopped(String apiModel, Bill bill) {
        Thread.interrupted();
        if (stop == Stop.HAND_OVER) {
            out.usage(calls, apiModel, bill, false);
            out.handOver(calls, apiModel);
            log.info("job {} handed over after {} calls", jobId(), calls);
            return Outcome.HANDED_OVER;
        }
        return end(apiModel, bill, "cancelled", null, null);
    }

    /** Bills the last call (or, for a job that made none, an empty call) and closes the stream. */
    private Outcome end(String apiModel, Bill bill, String finishReason, String errorCode, String message) {
        out.usage(calls, apiModel, bill, true);
        if (errorCode == null) {
            out.done(calls, finishReason, apiModel, rules.describe(runner.currentRules().flags()));
        } else {
            out.failed(calls, errorCode, message, apiModel);
        }
        return Outcome.ENDED;
    }

    /**
     * Ends the job as failed without calling the provider again ({@code code}, e.g. the worker's retries
     * are spent): bills the rounds streamed but never billed, then its last usage event (so the
     * reservation is released), its {@code error} event and status, and a batch item's FAILED outcome.
     */
    Outcome abandon(String code, String message) {
        try {
            String apiModel = runner.resolver().resolve(spec).map(Resolved::apiModel).orElse(spec.primaryApiModel());
            billUnbilledRounds(apiModel);
            return end(apiModel, Bill.NOTHING, null, code, message);
        } catch (RuntimeException e) {
            out.attemptFailed();
            throw e;
        }
    }

    /** Rounds a dead worker streamed but never billed: the provider charged them; bill them, estimated. */
    private void billUnbilledRounds(String apiModel) {
        if (unbilledRoundsBilled) {
            return;
        }
        unbilledRoundsBilled = true;
        for (JobProgress.UnbilledRound round : resume.unbilled()) {
            TokenUsage tokens = new TokenUsage(0, inputTokens(round.contentTokensBefore(), true), round.deltas(), 0);
            Bill bill = new Bill(tokens, runner.prices().forApiModel(apiModel).cost(tokens), true);
            out.usage(round.round(), apiModel, bill, false);
        }
    }

    private StreamListener listener(int round) {
        return new StreamListener() {
            @Override
            public void onContent(String content) {
                text.append(content);
                roundDeltas++;
                contentDeltas++;
                out.delta(round, content, null);
            }

            @Override
            public void onReasoning(String reasoning) {
                roundReasoningDeltas++;
                out.delta(round, null, reasoning);
            }
        };
    }

    /** The conversation, then the text so far to continue from: as a prefix, or a continuation turn. */
    private List<ChatMessage> messages(boolean prefixCompletion) {
        List<ChatMessage> messages = new ArrayList<>();
        request.messages().forEach(m -> messages.add(new ChatMessage(m.role(), m.content(), null)));
        if (!text.isEmpty()) {
            if (prefixCompletion) {
                messages.add(ChatMessage.assistantPrefix(text.toString()));
            } else {
                messages.add(ChatMessage.assistant(text.toString()));
                messages.add(ChatMessage.user("continue"));
            }
        }
        return messages;
    }

    /**
     * The prompt tokens of a call that re-sends {@code answerTokens} of answer after the conversation: the
     * conversation by the rule of thumb, the answer as the tokens it was streamed as (one per chunk).
     */
    private long inputTokens(long answerTokens, boolean prefixCompletion) {
        List<String> texts = new ArrayList<>();
        request.messages().forEach(m -> texts.add(m.content()));
        if (answerTokens > 0 && !prefixCompletion) {
            texts.add("continue");
        }
        return TokenEstimator.texts(texts) + answerTokens;
    }

    /**
     * What the call cost: the provider's usage, or, when it sent none (a cut stream), estimated: the
     * prompt by the rule of thumb, the output as one token per streamed chunk, all input as cache misses.
     */
    private Bill bill(ModelPrice price, com.epchat.deepseek.Usage usage) {
        TokenUsage tokens;
        boolean estimated = usage == null;
        if (usage != null) {
            tokens = new TokenUsage(usage.promptCacheHitTokens(), usage.promptCacheMissTokens(),
                    usage.completionTokens(), usage.reasoningTokens());
        } else if (roundDeltas == 0 && roundReasoningDeltas == 0) {
            // refused before any output: nothing was billed by the provider
            return Bill.NOTHING;
        } else {
            tokens = new TokenUsage(0, roundInput, roundDeltas + roundReasoningDeltas, roundReasoningDeltas);
        }
        return new Bill(tokens, price.cost(tokens), estimated);
    }
}
