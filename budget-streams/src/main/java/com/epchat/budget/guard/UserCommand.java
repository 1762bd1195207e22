package com.epchat.budget.guard;

import com.epchat.topics.event.GenerationRequested;
import com.epchat.topics.event.UsageEvent;

/**
 * What reaches the user stage, one of three: a request to check and reserve, a usage event to
 * settle, or a compensation from the site stage. In memory only (never serialized): the three come
 * from their own topics and meet in the user's task.
 */
record UserCommand(GenerationRequested request, UsageEvent usage, Compensation compensation) {

    static UserCommand request(GenerationRequested request) {
        return new UserCommand(request, null, null);
    }

    static UserCommand usage(UsageEvent usage) {
        return new UserCommand(null, usage, null);
    }

    static UserCommand compensation(Compensation compensation) {
        return new UserCommand(null, null, compensation);
    }
}
