package com.epchat.ingest.jobs;

import com.epchat.ingest.security.ApiUser;
import com.epchat.ingest.web.InvalidRequestException;
import com.epchat.ingest.web.NotFoundException;
import com.epchat.topics.event.JobStatus;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Who may see a job: its owner and admins. For anyone else the job does not exist (404, the same
 * answer as for an unknown id), so job ids reveal nothing about other users.
 */
@Component
public class JobAccess {

    private static final Pattern JOB_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final JobStatusView view;
    private final JobsProperties properties;

    JobAccess(JobStatusView view, JobsProperties properties) {
        this.view = view;
        this.properties = properties;
    }

    /** The job's latest status, if {@code user} may see it; otherwise {@link NotFoundException}. */
    public JobStatus require(String id, ApiUser user) {
        if (!JOB_ID.matcher(id).matches()) {
            throw new InvalidRequestException("id", "a job id is a lowercase UUID");
        }
        return view.lookup(id, properties.lookupWait())
                .filter(status -> user.mayAccessJobOf(status.userId()))
                .orElseThrow(() -> new NotFoundException("no job " + id));
    }
}
