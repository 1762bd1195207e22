package com.epchat.budget.ledger;

import com.epchat.topics.event.BudgetLevel;

/**
 * A job's open reservations at both levels: the value of the one job store the two stages share (key
 * jobId). An approval reserves at the user level, then at the site level, in the same task and
 * transaction; with one value per job the store's cache folds both into one changelog record, where a
 * store per level wrote two. Either part is null when the job holds nothing at that level.
 */
public record JobHolds(JobReservation user, JobReservation site) {

    static final JobHolds NONE = new JobHolds(null, null);

    /** The job's reservation at {@code level}, or null. */
    public JobReservation at(BudgetLevel level) {
        return level == BudgetLevel.SITE_HOURLY ? site : user;
    }

    JobHolds with(BudgetLevel level, JobReservation reservation) {
        return level == BudgetLevel.SITE_HOURLY ? new JobHolds(user, reservation) : new JobHolds(reservation, site);
    }

    boolean isEmpty() {
        return user == null && site == null;
    }
}
