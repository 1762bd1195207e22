package com.epchat.simulator.script;

import com.epchat.simulator.SimMessage;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The deterministic script: an original conversation in, its full answer (and reasoning) out as tokens.
 * <p>
 * The PRNG is seeded from SHA-256 of the conversation (roles and contents), so any JVM computes the same answer.
 * Answer length is drawn from 300..900 unless a {@code [[sim:tokens=N]]} directive fixes it. The reasoning of
 * {@code deepseek-reasoner} is a separate 50-token sequence from the same hash; a call emits its first
 * {@code min(50, max_tokens/4)} tokens.
 */
public final class AnswerScript {

    public static final int MIN_DEFAULT_TOKENS = 300;
    public static final int MAX_DEFAULT_TOKENS = 900;
    public static final int REASONING_TOKENS = 50;

    private AnswerScript() {
    }

    public static List<String> answer(List<SimMessage> original) {
        byte[] digest = digest(original);
        SplittableRandom random = new SplittableRandom(seed(digest, 0));
        Integer fixed = Directives.parse(original).tokens();
        int length = fixed != null ? fixed
                : MIN_DEFAULT_TOKENS + random.nextInt(MAX_DEFAULT_TOKENS - MIN_DEFAULT_TOKENS + 1);
        return Prose.tokens(random, length);
    }

    public static List<String> reasoning(List<SimMessage> original) {
        return Prose.tokens(new SplittableRandom(seed(digest(original), 8)), REASONING_TOKENS);
    }

    /** How many reasoning tokens a call with this {@code max_tokens} emits. */
    public static int reasoningTokensFor(int maxTokens) {
        return Math.min(REASONING_TOKENS, maxTokens / 4);
    }

    /** Stable identity of a conversation: keys fault counters ({@code times=K}). */
    public static String conversationHash(List<SimMessage> original) {
        return HexFormat.of().formatHex(digest(original));
    }

    private static long seed(byte[] digest, int offset) {
        return ByteBuffer.wrap(digest, offset, Long.BYTES).getLong();
    }

    private static byte[] digest(List<SimMessage> messages) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (SimMessage message : messages) {
                // length-prefixed fields: no two different conversations serialize alike
                update(sha, message.role());
                update(sha, message.content());
            }
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }

    private static void update(MessageDigest sha, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        sha.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
        sha.update(bytes);
    }
}
