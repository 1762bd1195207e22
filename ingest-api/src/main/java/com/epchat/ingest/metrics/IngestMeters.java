package com.epchat.ingest.metrics;

import com.epchat.ingest.relay.ChunkRelay;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/** {@code ep_chat_active_streams{kind="sse"}}: the SSE streams this ingest-api instance serves now. */
@Component
class IngestMeters implements InitializingBean {

    private final MeterRegistry registry;
    private final ChunkRelay relay;

    IngestMeters(MeterRegistry registry, ChunkRelay relay) {
        this.registry = registry;
        this.relay = relay;
    }

    @Override
    public void afterPropertiesSet() {
        Gauge.builder("ep_chat_active_streams", relay, ChunkRelay::activeStreams)
                .description("streams open now: sse = client streams of ingest-api, provider = calls of the worker")
                .tag("kind", "sse").register(registry);
    }
}
