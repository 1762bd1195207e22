package com.epchat.budget.guard;

/**
 * The site stage rejected a job the user stage had reserved for: release the user's reservation.
 * Written to the {@code user-compensation} repartition topic keyed by userId (co-partitioned with the
 * requests, so it reaches the task that holds the reservation).
 */
public record Compensation(String jobId, String userId) {
}
