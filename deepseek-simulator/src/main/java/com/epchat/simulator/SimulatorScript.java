package com.epchat.simulator;

import com.epchat.simulator.script.AnswerScript;
import com.epchat.simulator.script.Conversation;
import com.epchat.simulator.usage.PromptTokenCounter;

import java.util.List;

/**
 * The simulator's deterministic script, for tests that need to know the whole answer in advance. Pure and static:
 * no server needed.
 * <p>
 * A conversation passed here is normalized the way the server does it: trailing [assistant, user "continue"]
 * pairs are dropped (they only continue the answer), so passing the request's messages of a continuation turn
 * gives the same answer as passing the original conversation. A {@code [[sim:tokens=N]]} directive in a user
 * message fixes the answer to N tokens; otherwise it has 300..900 tokens.
 */
public final class SimulatorScript {

    private SimulatorScript() {
    }

    /** The full answer as tokens; each is one word plus a trailing space (sometimes a comma or full stop). */
    public static List<String> answerTokens(List<SimMessage> conversation) {
        return AnswerScript.answer(original(conversation));
    }

    /** The full answer text: a client that keeps continuing on {@code length} ends up with exactly this. */
    public static String fullAnswer(List<SimMessage> conversation) {
        return String.join("", answerTokens(conversation));
    }

    /** The reasoning tokens {@code deepseek-reasoner} emits for this conversation (a call emits the first min(50, max_tokens/4)). */
    public static List<String> reasoningTokens(List<SimMessage> conversation) {
        return AnswerScript.reasoning(original(conversation));
    }

    /** The full reasoning text of {@code deepseek-reasoner} for a call with max_tokens of at least 200. */
    public static String fullReasoning(List<SimMessage> conversation) {
        return String.join("", reasoningTokens(conversation));
    }

    /** How many reasoning tokens a {@code deepseek-reasoner} call with this max_tokens emits. */
    public static int reasoningTokensFor(int maxTokens) {
        return AnswerScript.reasoningTokensFor(maxTokens);
    }

    /** Prompt tokens the simulator bills for these request messages (DeepSeek's 0.3 / 0.6 rule of thumb). */
    public static long promptTokens(List<SimMessage> messages) {
        return PromptTokenCounter.count(messages);
    }

    private static List<SimMessage> original(List<SimMessage> conversation) {
        return Conversation.of(conversation, false).original();
    }
}
