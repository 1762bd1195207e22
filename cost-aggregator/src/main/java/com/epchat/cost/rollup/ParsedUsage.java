package com.epchat.cost.rollup;

import com.epchat.topics.event.DeadLetter;
import com.epchat.topics.event.UsageEvent;

/** A record of {@code ep.usage} after reading: either a usage event or the dead letter saying why not. */
record ParsedUsage(UsageEvent usage, DeadLetter deadLetter) {

    boolean readable() {
        return usage != null;
    }
}
