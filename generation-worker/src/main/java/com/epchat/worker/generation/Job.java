package com.epchat.worker.generation;

/**
 * A job as the intake's scheduler sees it: who it belongs to, how to run it on a slot's thread and how to
 * stop it. {@link GenerationJob} is the real one; the scheduler needs no more than this.
 */
public interface Job {

    /** How {@link #run()} ended: the decision may be acknowledged, or must be left to the next owner. */
    enum Outcome {
        ENDED,
        HANDED_OVER
    }

    String jobId();

    String userId();

    boolean isCancelled();

    /** The client cancelled: end the job as cancelled, billing what it produced. */
    void cancel();

    /** This worker lost the job's partition: stop without ending it, for the next owner. */
    void handOver();

    /**
     * Runs the job to its end or its hand-over, on the calling thread. An unexpected {@link RuntimeException}
     * (Kafka unreachable beyond the producer's delivery timeout, ...) leaves the job neither ended nor handed
     * over: what it wrote is in Kafka, and taking it up again from there continues it.
     */
    Outcome run();
}
