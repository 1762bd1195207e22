package com.epchat.worker.intake;

import com.epchat.worker.generation.Job;

/**
 * A job whose preparation threw (e.g. its history unreadable while Kafka is away): running it throws that
 * again, so that its slot's thread retries it like any job that failed unexpectedly ({@link JobRun}).
 */
record UnpreparedJob(String jobId, String userId, RuntimeException failure) implements Job {

    @Override
    public boolean isCancelled() {
        return false;
    }

    @Override
    public void cancel() {
        // the cancellation is remembered (Cancellations): the job taken up again ends at once
    }

    @Override
    public void handOver() {
        // nothing runs
    }

    @Override
    public Outcome run() {
        throw failure;
    }
}
