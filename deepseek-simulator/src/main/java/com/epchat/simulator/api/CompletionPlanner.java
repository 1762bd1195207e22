package com.epchat.simulator.api;

import com.epchat.simulator.SimMessage;

import com.epchat.simulator.SimulatorSettings;
import com.epchat.simulator.faults.FaultSpec;
import com.epchat.simulator.script.AnswerScript;
import com.epchat.simulator.script.Conversation;
import com.epchat.simulator.script.Directives;
import com.epchat.simulator.usage.PromptTokenCounter;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Validates a parsed chat request the way DeepSeek does and plans its answer from the script.
 * <p>
 * In: the request, whether it came in under {@code /beta}, the {@code X-Sim-Fault} header. Out: a
 * {@link CompletionPlan}, or an {@link ApiException}: 400 unknown model / prefix off beta / prefix that is not a
 * prefix of the scripted answer / bad directive, 422 max_tokens out of range, or an injected error fault.
 * A plan returns tokens {@code k .. min(k + budget, L)} of the answer, where the prefix is its first k tokens and
 * budget is max_tokens minus the reasoning tokens.
 */
final class CompletionPlanner {

    private final SimulatorRuntime runtime;

    CompletionPlanner(SimulatorRuntime runtime) {
        this.runtime = runtime;
    }

    CompletionPlan plan(ChatRequest request, boolean beta, String faultHeader) {
        String model = request.model();
        if (!runtime.models().serves(model)) {
            throw ApiException.invalidRequest("Model Not Exist");
        }
        if (request.lastIsPrefix() && !beta) {
            throw ApiException.invalidRequest("Prefix completion (\"prefix\": true on the last assistant message) "
                    + "requires the beta endpoint: use the base URL https://api.deepseek.com/beta");
        }
        int maxTokens = request.maxTokens() != null ? request.maxTokens() : ModelCatalog.defaultMaxTokens(model);
        if (maxTokens < 1 || maxTokens > ModelCatalog.maxTokens(model)) {
            throw ApiException.invalidParameters("Invalid max_tokens value, the valid range of max_tokens is [1, "
                    + ModelCatalog.maxTokens(model) + "]");
        }
        Conversation conversation = Conversation.of(request.messages(), request.lastIsPrefix());
        Directives directives = directives(request);
        FaultSpec fault = fault(faultHeader, directives);
        boolean injected = fault != null
                && runtime.faultLedger().inject(AnswerScript.conversationHash(conversation.original()), fault);
        if (injected && !fault.fault().midStream()) {
            throw ApiException.injected(fault);
        }
        List<String> answer = AnswerScript.answer(conversation.original());
        int start = prefixTokens(answer, conversation.prefix());
        int reasoningCount = ModelCatalog.thinks(model) ? AnswerScript.reasoningTokensFor(maxTokens) : 0;
        List<String> reasoning = reasoningCount == 0 ? List.of()
                : AnswerScript.reasoning(conversation.original()).subList(0, reasoningCount);
        int budget = maxTokens - reasoningCount;
        int end = (int) Math.min((long) start + budget, answer.size());
        String finishReason = (long) start + budget < answer.size() ? "length" : "stop";

        // one tokenizer for input and output: a re-sent answer prefix costs the answer tokens it holds
        long promptTokens = PromptTokenCounter.count(promptTexts(request, conversation)) + start;
        long hit = runtime.promptCache().hitTokens(model, request.messages(), promptTokens);
        SimulatorSettings settings = runtime.settings();
        Duration firstTokenDelay = directives.firstTokenDelayMs() != null
                ? Duration.ofMillis(directives.firstTokenDelayMs()) : settings.firstTokenDelay();
        double tokensPerSecond = directives.tokensPerSecond() != null
                ? directives.tokensPerSecond() : settings.tokensPerSecond();
        return new CompletionPlan(CompletionPlan.newId(), Instant.now().getEpochSecond(), model, reasoning,
                List.copyOf(answer.subList(start, end)), finishReason, promptTokens, hit, firstTokenDelay,
                tokensPerSecond, settings.keepAliveInterval(), injected ? fault.fault() : null,
                injected ? fault.after() : 0);
    }

    /** The messages counted by the rule of thumb: the original conversation and a continuation turn's "continue". */
    private static List<SimMessage> promptTexts(ChatRequest request, Conversation conversation) {
        if (conversation.prefix() == null || conversation.prefix().isEmpty() || request.lastIsPrefix()) {
            return conversation.original();
        }
        List<SimMessage> texts = new java.util.ArrayList<>(conversation.original());
        texts.add(SimMessage.user("continue"));
        return texts;
    }

    private static Directives directives(ChatRequest request) {
        try {
            return Directives.parse(request.messages());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidRequest(e.getMessage());
        }
    }

    private static FaultSpec fault(String header, Directives directives) {
        if (header == null || header.isBlank()) {
            return directives.fault();
        }
        try {
            return FaultSpec.parseHeader(header);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidRequest(e.getMessage());
        }
    }

    /** k such that the first k tokens concatenate to the prefix; a worker that loses or adds text gets a 400. */
    private static int prefixTokens(List<String> answer, String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            return 0;
        }
        int length = 0;
        for (int k = 0; k < answer.size(); k++) {
            String token = answer.get(k);
            if (!prefix.startsWith(token, length)) {
                break;
            }
            length += token.length();
            if (length == prefix.length()) {
                return k + 1;
            }
        }
        throw ApiException.invalidRequest("The assistant prefix does not match the simulator's scripted answer of "
                + "this conversation (it must be exactly the text the simulator sent, ending at a token boundary)");
    }
}
