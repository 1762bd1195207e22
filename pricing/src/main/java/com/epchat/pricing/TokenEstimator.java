package com.epchat.pricing;

import com.epchat.topics.event.ChatMessage;
import java.util.List;

/**
 * Tokens of a text without a tokenizer, by DeepSeek's rule of thumb: about 0.3 token per English
 * (non-CJK) character and 0.6 per Chinese, Japanese or Korean character, rounded up. Used for
 * estimates before a call; what is billed comes from the provider's {@code usage}.
 */
public final class TokenEstimator {

    private TokenEstimator() {
    }

    public static long tokens(String text) {
        return (tenths(text) + 9) / 10;
    }

    /** The prompt of a conversation: every message's content counted together, rounded up, at least one. */
    public static long tokens(List<ChatMessage> messages) {
        return texts(messages.stream().map(ChatMessage::content).toList());
    }

    /** Several texts sent as one prompt, counted together as the provider counts a prompt. */
    public static long texts(List<String> texts) {
        long tenths = texts.stream().mapToLong(t -> t == null ? 0 : tenths(t)).sum();
        return Math.max(1, (tenths + 9) / 10);
    }

    private static long tenths(String text) {
        return text.codePoints().mapToLong(cp -> isCjk(cp) ? 6 : 3).sum();
    }

    static boolean isCjk(int codePoint) {
        Character.UnicodeScript script = Character.UnicodeScript.of(codePoint);
        return script == Character.UnicodeScript.HAN
                || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA
                || script == Character.UnicodeScript.HANGUL
                || Character.UnicodeBlock.of(codePoint) == Character.UnicodeBlock.CJK_SYMBOLS_AND_PUNCTUATION
                || Character.UnicodeBlock.of(codePoint) == Character.UnicodeBlock.HALFWIDTH_AND_FULLWIDTH_FORMS;
    }
}
