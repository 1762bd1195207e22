package com.epchat.worker.control;

import com.epchat.topics.event.JobControl;
import com.epchat.worker.intake.JobScheduler;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Reads {@code ep.job.control} (jobId → JobControl) on every worker instance, in a group of its own:
 * a cancel stops the job wherever it runs (the provider call is cut, what it produced is billed, the
 * job ends with finish reason {@code cancelled}), whichever lane runs it, and is remembered for a job
 * not started yet.
 */
public class JobControlListener {

    private static final Logger log = LoggerFactory.getLogger(JobControlListener.class);

    private final Cancellations cancellations;
    private final List<JobScheduler> lanes;

    /** @param lanes the scheduler of every lane of this instance */
    public JobControlListener(Cancellations cancellations, List<JobScheduler> lanes) {
        this.cancellations = cancellations;
        this.lanes = List.copyOf(lanes);
    }

    @KafkaListener(id = "worker-job-control", topics = "#{T(com.epchat.topics.Topics).JOB_CONTROL.name()}",
            containerFactory = "controlListenerFactory")
    void onControl(ConsumerRecord<String, JobControl> record) {
        JobControl control = record.value();
        if (control == null || control.action() != JobControl.Action.CANCEL) {
            return;
        }
        cancellations.add(control.jobId());
        if (lanes.stream().anyMatch(lane -> lane.cancel(control.jobId()))) {
            log.info("job {} cancelled by {}", control.jobId(), control.requestedBy());
        }
    }
}
