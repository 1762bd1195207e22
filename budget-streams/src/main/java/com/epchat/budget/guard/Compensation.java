package com.epchat.budget.guard;

/**
 * The site stage rejected a job the user stage had reserved for: release the user's reservation. Handed
 * to the user stage's compensating processor in the same task, before the task commits, so the user's
 * reservation and the site's rejection become visible together. In memory only.
 */
record Compensation(String jobId, String userId) {
}
