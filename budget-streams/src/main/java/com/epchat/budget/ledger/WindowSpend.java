package com.epchat.budget.ledger;

import com.epchat.topics.money.Usd;

/**
 * What one subject (a user, or the site) has spent and holds reserved in one window, and how many
 * jobs hold a reservation there. The value of the window stores; exact money.
 *
 * @param spent actual cost settled from usage events
 * @param reserved the part of approved jobs' worst cases not yet settled or released
 * @param openReservations jobs approved in the window whose last usage has not arrived
 */
public record WindowSpend(Usd spent, Usd reserved, int openReservations) {

    public static final WindowSpend EMPTY = new WindowSpend(Usd.ZERO, Usd.ZERO, 0);

    public Usd remaining(Usd limit) {
        return limit.minus(spent).minus(reserved);
    }

    WindowSpend reserve(Usd amount) {
        return new WindowSpend(spent, reserved.plus(amount), openReservations + 1);
    }

    /** Usage: {@code cost} becomes spent, {@code unreserve} leaves the reservation, the job may close. */
    WindowSpend settle(Usd cost, Usd unreserve, boolean jobClosed) {
        return new WindowSpend(spent.plus(cost), reserved.minus(unreserve), openReservations - (jobClosed ? 1 : 0));
    }
}
