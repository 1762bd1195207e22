package com.epchat.worker.control;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Jobs cancelled recently, remembered by every worker instance: a cancel can arrive before the job's
 * decision is taken (or while it waits in a queue), and whoever starts it must end it at once.
 * Bounded: the oldest entries go first.
 */
public final class Cancellations {

    private final Set<String> jobs;

    public Cancellations(int capacity) {
        this.jobs = Collections.newSetFromMap(Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        }));
    }

    public void add(String jobId) {
        jobs.add(jobId);
    }

    public boolean isCancelled(String jobId) {
        return jobs.contains(jobId);
    }
}
