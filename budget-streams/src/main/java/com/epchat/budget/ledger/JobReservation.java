package com.epchat.budget.ledger;

import com.epchat.topics.money.Usd;
import java.time.Instant;

/**
 * One approved job's reservation at one level, kept until its last usage event: which window holds
 * it, how much was reserved and how much of it actual usage has settled so far. The value of the
 * per-job stores (key jobId), which make settlement and release exact.
 */
public record JobReservation(String jobId, String subject, Instant windowStart, Instant windowEnd, Usd reserved,
        Usd spent) {

    public Window window() {
        return new Window(windowStart, windowEnd);
    }

    /** What is still held for the job: never below zero, even when a job spent more than it reserved. */
    public Usd held() {
        return reserved.minus(spent).max(Usd.ZERO);
    }

    JobReservation plusSpent(Usd cost) {
        return new JobReservation(jobId, subject, windowStart, windowEnd, reserved, spent.plus(cost));
    }
}
