package com.epchat.ingest.budget;

import com.epchat.topics.event.GenerationRequested;
import java.util.Set;

/**
 * Who may send {@code enableBudgetGuard: false}: the users listed in
 * {@code EP_BUDGET_GUARD_BYPASS_USERS} (empty by default: nobody), checked against the request's user
 * (the API key's, or the one an admin key names). A list of users rather than a role, so that an
 * operator grants it per user without minting a new key; the one place to change that rule.
 */
public class GuardBypassPolicy {

    private final Set<String> allowed;

    public GuardBypassPolicy(Set<String> allowed) {
        this.allowed = Set.copyOf(allowed);
    }

    /** Lets a guarded request through; refuses an unguarded one from a caller who may not skip the guard. */
    public void check(GenerationRequested request) {
        if (!request.budgetGuard() && !allowed.contains(request.userId())) {
            throw new GuardBypassRefusedException();
        }
    }

    /** Answered 403 naming {@code enableBudgetGuard}. */
    public static class GuardBypassRefusedException extends RuntimeException {

        GuardBypassRefusedException() {
            super("enableBudgetGuard: false is allowed only to callers listed in EP_BUDGET_GUARD_BYPASS_USERS");
        }
    }
}
