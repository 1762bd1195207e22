package com.epchat.simulator.usage;

import com.epchat.simulator.SimMessage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * DeepSeek-style context cache, best effort: prefix based from token 0, in units of {@value #UNIT} tokens.
 * <p>
 * In: a prompt (model + messages) and its token count. Out: the cache-hit tokens, i.e. the prompt tokens of the
 * longest previously seen prompt whose serialization is a character prefix of this one, rounded down to a multiple
 * of 64 and capped at this prompt's tokens. The prompt is then remembered. Prompts are kept as (length, rolling
 * hash) keys, not text, so checking every prefix is one map lookup per character and memory stays small; at most
 * {@value #CAPACITY} prompts are remembered, least recently used forgotten first.
 */
public final class PromptCache {

    public static final int UNIT = 64;
    static final int CAPACITY = 10_000;

    private final Map<Long, Long> tokensByPrompt = new ConcurrentHashMap<>();
    private final Map<Long, Boolean> recency = new LinkedHashMap<>(256, 0.75f, true);

    public long hitTokens(String model, List<SimMessage> messages, long promptTokens) {
        String serialized = serialize(model, messages);
        long hash = 0;
        long longestKey = 0;
        Long longestTokens = null;
        for (int i = 0; i < serialized.length(); i++) {
            hash = hash * 1_000_003L + serialized.charAt(i);
            long key = key(hash, i + 1);
            Long tokens = tokensByPrompt.get(key);
            if (tokens != null) {
                longestKey = key;
                longestTokens = tokens;
            }
        }
        remember(key(hash, serialized.length()), promptTokens, longestTokens == null ? null : longestKey);
        long hit = longestTokens == null ? 0 : longestTokens / UNIT * UNIT;
        return Math.min(hit, promptTokens);
    }

    private synchronized void remember(long key, long promptTokens, Long touchedKey) {
        if (touchedKey != null && tokensByPrompt.containsKey(touchedKey)) {
            recency.get(touchedKey);
        }
        tokensByPrompt.put(key, promptTokens);
        recency.put(key, Boolean.TRUE);
        while (recency.size() > CAPACITY) {
            Long eldest = recency.keySet().iterator().next();
            recency.remove(eldest);
            tokensByPrompt.remove(eldest);
        }
    }

    /** No trailing separator: a prompt that ends inside an assistant prefix is a prefix of its continuation. */
    static String serialize(String model, List<SimMessage> messages) {
        StringBuilder text = new StringBuilder(model).append('\u0000');
        for (SimMessage message : messages) {
            text.append('\u0001').append(message.role()).append('\u0002').append(message.content());
        }
        return text.toString();
    }

    private static long key(long hash, int length) {
        return hash ^ (length * 0x9E3779B97F4A7C15L);
    }
}
