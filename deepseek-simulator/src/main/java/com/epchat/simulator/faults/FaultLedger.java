package com.epchat.simulator.faults;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts how often each (conversation hash, fault) pair has been injected, so {@code times=K} hits only the
 * first K requests of a conversation and a retrying client then succeeds. Bounded: the least recently used
 * counters are forgotten beyond {@value #CAPACITY} entries.
 */
public final class FaultLedger {

    static final int CAPACITY = 10_000;

    private final Map<String, Integer> injections = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            return size() > CAPACITY;
        }
    };

    /** Records this request and says whether it gets the fault. */
    public synchronized boolean inject(String conversationHash, FaultSpec spec) {
        if (spec.times() == null) {
            return true;
        }
        int count = injections.merge(conversationHash + "|" + spec.fault().wireName(), 1, Integer::sum);
        return count <= spec.times();
    }
}
