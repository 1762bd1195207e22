package com.epchat.ingest.budget;

import com.epchat.topics.event.GenerationRequested;
import java.util.Set;

/**
 * Who may send {@code enableBudgetGuard: false}. Until API keys and roles exist, the caller is the
 * request's userId and the allowed ones are listed in {@code EP_BUDGET_GUARD_BYPASS_USERS} (empty by
 * default: nobody). The one place to switch to a role check once roles exist.
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
