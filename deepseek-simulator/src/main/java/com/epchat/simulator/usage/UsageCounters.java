package com.epchat.simulator.usage;

import com.epchat.simulator.SimulatorStats;

import java.util.concurrent.atomic.LongAdder;

/** Thread-safe running totals behind {@link SimulatorStats}: what the simulator served and billed. */
public final class UsageCounters {

    private final LongAdder requests = new LongAdder();
    private final LongAdder completionsStarted = new LongAdder();
    private final LongAdder promptTokens = new LongAdder();
    private final LongAdder promptCacheHitTokens = new LongAdder();
    private final LongAdder completionTokens = new LongAdder();

    public void requestReceived() {
        requests.increment();
    }

    public void completionStarted(long prompt, long cacheHit) {
        completionsStarted.increment();
        promptTokens.add(prompt);
        promptCacheHitTokens.add(cacheHit);
    }

    public void completionTokensSent(long tokens) {
        completionTokens.add(tokens);
    }

    public SimulatorStats snapshot() {
        return new SimulatorStats(requests.sum(), completionsStarted.sum(), promptTokens.sum(),
                promptCacheHitTokens.sum(), completionTokens.sum());
    }
}
