package com.epchat.worker.flags;

import com.epchat.flags.testing.ServiceConfigurationTests;
import com.epchat.worker.config.WorkerProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** generation-worker refuses to start on a nonsense value, naming the variable and the value (as {@code generation-worker.yml} binds them). */
@EnableConfigurationProperties(WorkerProperties.class)
class WorkerConfigurationTests extends ServiceConfigurationTests {

    WorkerConfigurationTests() {
        super("generation-worker",
                "PRICE_IN_PER_1K=abc               | PRICE_IN_PER_1K='abc' is not a number",
                "PRICE_IN_CACHE_HIT_PER_1K=-1      | PRICE_IN_CACHE_HIT_PER_1K must be a price of zero or more, was -1",
                "MODEL_NAME=gpt-4                  | MODEL_NAME must be one of",
                "MODEL_CTX=200000                  | MODEL_CTX must be between 4096 and 131072 tokens",
                "EP_AUTO_CONTINUATION=maybe        | EP_AUTO_CONTINUATION must be enabled/disabled",
                "EP_LONG_OUTPUT_GUARD=2            | EP_LONG_OUTPUT_GUARD must be enabled/disabled",
                "RL_MAX_ACTIVE_STREAMS=0           | RL_MAX_ACTIVE_STREAMS must be between 1 and 10000, was 0",
                "WORKER_BULK_MAX_ACTIVE_STREAMS=0  | WORKER_BULK_MAX_ACTIVE_STREAMS must be between 1 and 10000, was 0",
                "WORKER_BULK_MAX_CONCURRENCY_PER_USER=-1 | WORKER_BULK_MAX_CONCURRENCY_PER_USER must be above zero, was -1",
                "WORKER_JOB_RETRY_MAX=-1           | WORKER_JOB_RETRY_MAX must be between 0 and 1000, was -1",
                "WORKER_JOB_RETRY_BACKOFF=0s       | WORKER_JOB_RETRY_BACKOFF must be above zero and at most 1h, was 0s",
                "WORKER_JOB_RETRY_BACKOFF_MAX=500ms | WORKER_JOB_RETRY_BACKOFF_MAX must be between WORKER_JOB_RETRY_BACKOFF (1s) and 1h, was 500ms",
                "WORKER_JOB_RETRY_BACKOFF=soon     | WORKER_JOB_RETRY_BACKOFF='soon' is not a duration",
                "MODEL_CAPABILITY_CACHE_TTL=soon   | MODEL_CAPABILITY_CACHE_TTL='soon' is not a duration",
                "DEEPSEEK_BASE_URL=api.deepseek    | DEEPSEEK_BASE_URL must be an http(s) URL, was api.deepseek");
    }
}
