package com.epchat.topics.event;

/**
 * Where a bulk job came from: the batch, the item's {@code custom_id} and its line in the uploaded
 * file. Null on interactive requests.
 *
 * @param attempt 1 for the item's first dispatch; a retry after a budget window reset counts up (each
 *     attempt is a job of its own, {@code <batchId>.<line>.<attempt>})
 */
public record BatchRef(String batchId, String customId, int line, int attempt) {

    /** The job id of one attempt of an item: unique, and the same on every replay of the dispatch. */
    public String jobId() {
        return batchId + "." + line + "." + attempt;
    }
}
