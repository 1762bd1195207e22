package com.epchat.ingest.generate;

import com.epchat.topics.money.Usd;

/** The 202 answer to an asynchronous generate: the job id, its reservation and its event stream. */
record JobAccepted(String jobId, String state, Usd reserved, String events) {
}
