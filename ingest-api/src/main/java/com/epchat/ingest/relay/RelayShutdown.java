package com.epchat.ingest.relay;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Ends every open stream when the instance stops, before the web server's graceful shutdown (a later
 * phase) would wait up to 30 s for requests that never end by themselves: clients reconnect with
 * {@code Last-Event-ID} to another instance at once.
 */
@Component
class RelayShutdown implements SmartLifecycle {

    private final ChunkRelay relay;
    private volatile boolean running;

    RelayShutdown(ChunkRelay relay) {
        this.relay = relay;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        relay.endAll();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
