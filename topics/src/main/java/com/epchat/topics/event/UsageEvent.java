package com.epchat.topics.event;

import com.epchat.topics.money.Usd;
import java.time.Instant;

/**
 * What the provider billed for one call (one round) of a job, keyed by {@code userId} (co-partitioned
 * with the requests). {@code usageId} is {@code jobId + "/" + round} and is unique: consumers may
 * use it to drop a duplicate.
 *
 * @param model the logical model asked for; {@code apiModel} the API id that served the call
 * @param estimated true when the provider reported no usage (a cut call) and the tokens were
 *     estimated from the text received
 * @param last true on the job's last usage event: the job has ended and the rest of its reservation
 *     may be released. A job that ends without any call still writes one, with no tokens.
 */
public record UsageEvent(
        String usageId,
        String jobId,
        String userId,
        String model,
        String apiModel,
        int round,
        TokenUsage tokens,
        Usd cost,
        boolean estimated,
        boolean last,
        Instant occurredAt) {

    public static String usageId(String jobId, int round) {
        return jobId + "/" + round;
    }
}
