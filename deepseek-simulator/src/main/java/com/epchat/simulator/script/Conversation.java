package com.epchat.simulator.script;

import com.epchat.simulator.SimMessage;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits the messages of a request into the "original conversation" (what the deterministic answer is a function
 * of) and the prefix the caller wants continued.
 * <p>
 * In: the request's messages and whether the last one carried {@code "prefix": true}. Out: the original
 * conversation and the prefix text ({@code null} when the request starts a fresh answer). Stripped, from the end:
 * a trailing assistant message with {@code prefix: true} (beta prefix completion), then any number of trailing
 * [assistant, user "continue"] pairs (the continuation-turn fallback). The stripped assistant texts, in order,
 * form the prefix, so both continuation styles and mixes of them continue the same answer.
 */
public record Conversation(List<SimMessage> original, String prefix) {

    /** The user message that marks a continuation turn; compared exactly. */
    public static final String CONTINUE = "continue";

    public Conversation {
        original = List.copyOf(original);
    }

    public static Conversation of(List<SimMessage> messages, boolean lastIsPrefix) {
        List<SimMessage> rest = new ArrayList<>(messages);
        List<String> parts = new ArrayList<>();
        boolean continued = false;
        if (lastIsPrefix && !rest.isEmpty() && isAssistant(rest.get(rest.size() - 1))) {
            parts.add(0, rest.remove(rest.size() - 1).content());
            continued = true;
        }
        while (rest.size() >= 2 && isContinueTurn(rest.get(rest.size() - 1)) && isAssistant(rest.get(rest.size() - 2))) {
            rest.remove(rest.size() - 1);
            parts.add(0, rest.remove(rest.size() - 1).content());
            continued = true;
        }
        return new Conversation(rest, continued ? String.join("", parts) : null);
    }

    /** A conversation that starts a fresh answer (no prefix). */
    public static Conversation fresh(List<SimMessage> messages) {
        return new Conversation(messages, null);
    }

    public boolean continues() {
        return prefix != null;
    }

    private static boolean isAssistant(SimMessage message) {
        return "assistant".equals(message.role());
    }

    private static boolean isContinueTurn(SimMessage message) {
        return "user".equals(message.role()) && CONTINUE.equals(message.content());
    }
}
