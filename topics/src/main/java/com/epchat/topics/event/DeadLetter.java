package com.epchat.topics.event;

import java.time.Instant;

/**
 * A record no service could read, kept with where it came from and why, keyed as it was.
 * {@code value} is the original bytes, Base64.
 */
public record DeadLetter(String topic, int partition, long offset, String key, String value, String error,
        String service, Instant at) {
}
