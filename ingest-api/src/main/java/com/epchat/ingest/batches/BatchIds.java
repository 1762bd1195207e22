package com.epchat.ingest.batches;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Batch ids: {@code batch_} and 32 hex digits, random, or derived from the caller's user and
 * {@code Idempotency-Key} (SHA-256), so that a retried upload names the same batch on any instance.
 */
final class BatchIds {

    static final Pattern BATCH_ID = Pattern.compile("batch_[0-9a-f]{32}");
    /** What an Idempotency-Key may be: 1 to 255 visible ASCII characters. */
    static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");

    private BatchIds() {
    }

    static String random() {
        return "batch_" + UUID.randomUUID().toString().replace("-", "");
    }

    static String forKey(String userId, String idempotencyKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((userId + "\n" + idempotencyKey).getBytes(StandardCharsets.UTF_8));
            return "batch_" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
