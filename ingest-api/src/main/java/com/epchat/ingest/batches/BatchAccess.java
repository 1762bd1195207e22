package com.epchat.ingest.batches;

import com.epchat.ingest.security.ApiUser;
import com.epchat.ingest.web.InvalidRequestException;
import com.epchat.ingest.web.NotFoundException;
import com.epchat.topics.event.BatchState;
import java.time.Duration;

/**
 * Who may see a batch: its owner and admins. For anyone else it does not exist (404, as an unknown
 * id), so batch ids reveal nothing about other users.
 */
class BatchAccess {

    private final BatchStateView view;
    private final Duration lookupWait;

    BatchAccess(BatchStateView view, Duration lookupWait) {
        this.view = view;
        this.lookupWait = lookupWait;
    }

    BatchState require(String id, ApiUser user) {
        if (!BatchIds.BATCH_ID.matcher(id).matches()) {
            throw new InvalidRequestException("id", "a batch id is 'batch_' and 32 lowercase hex digits");
        }
        return view.lookup(id, lookupWait).filter(s -> user.mayAccessJobOf(s.userId()))
                .orElseThrow(() -> new NotFoundException("no batch " + id));
    }
}
