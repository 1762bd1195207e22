package com.epchat.deepseek;

/**
 * Receives the deltas of a streamed answer, in order, on the thread that called
 * {@link DeepSeekClient#stream}. Only non-empty deltas are delivered. An exception thrown here aborts
 * the call (the connection is closed) and propagates to the caller unchanged.
 */
@FunctionalInterface
public interface StreamListener {

    /** A piece of the answer ({@code delta.content}). */
    void onContent(String text);

    /** A piece of the chain of thought ({@code delta.reasoning_content}, thinking models only). */
    default void onReasoning(String text) {
    }

    /** A listener that ignores everything (the deltas are still collected in the {@link Completion}). */
    static StreamListener ignoring() {
        return text -> { };
    }
}
