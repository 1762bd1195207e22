package com.epchat.budget.guard;

import com.epchat.topics.event.GenerationRequested;
import com.epchat.topics.money.Usd;

/**
 * What the user stage hands the site stage, in the same task (key {@code site}): a request the user
 * level approved, with its reservation, to check and reserve site-wide; or a usage event's cost to
 * settle (and, with {@code last}, release) there. In memory only.
 *
 * @param amount the user-level reservation (reserve) or the usage's actual cost (settle)
 * @param remaining reserve only: what the request and user levels leave after this reservation
 */
record SiteCommand(Kind kind, String jobId, String userId, GenerationRequested request, Usd amount,
        Usd remaining, boolean last) {

    /** The two things the site stage does. */
    enum Kind {
        RESERVE,
        SETTLE
    }

    static SiteCommand reserve(GenerationRequested request, Usd amount, Usd remaining) {
        return new SiteCommand(Kind.RESERVE, request.jobId(), request.userId(), request, amount, remaining, false);
    }

    static SiteCommand settle(String jobId, String userId, Usd cost, boolean last) {
        return new SiteCommand(Kind.SETTLE, jobId, userId, null, cost, null, last);
    }
}
