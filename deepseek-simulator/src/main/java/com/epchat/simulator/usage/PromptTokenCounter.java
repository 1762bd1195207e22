package com.epchat.simulator.usage;

import com.epchat.simulator.SimMessage;

import java.util.List;

/**
 * Prompt tokens without a tokenizer, by DeepSeek's rule of thumb: 0.3 token per ASCII/Latin (any non-CJK)
 * character, 0.6 per CJK character (Han, Hiragana, Katakana, Hangul, CJK and full-width punctuation), summed over
 * all message contents, rounded up, at least 1. Counted in tenths so the sum is exact.
 */
public final class PromptTokenCounter {

    private PromptTokenCounter() {
    }

    public static long count(List<SimMessage> messages) {
        long tenths = 0;
        for (SimMessage message : messages) {
            tenths += message.content().codePoints().mapToLong(cp -> isCjk(cp) ? 6 : 3).sum();
        }
        return Math.max(1, (tenths + 9) / 10);
    }

    static boolean isCjk(int codePoint) {
        Character.UnicodeScript script = Character.UnicodeScript.of(codePoint);
        if (script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA || script == Character.UnicodeScript.HANGUL) {
            return true;
        }
        Character.UnicodeBlock block = Character.UnicodeBlock.of(codePoint);
        return block == Character.UnicodeBlock.CJK_SYMBOLS_AND_PUNCTUATION
                || block == Character.UnicodeBlock.HALFWIDTH_AND_FULLWIDTH_FORMS;
    }
}
