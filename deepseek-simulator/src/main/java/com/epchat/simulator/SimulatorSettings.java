package com.epchat.simulator;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link DeepSeekSimulator} behaves: where it listens, how fast it "thinks" and which model ids it serves.
 * Per-request directives ({@code [[sim:tps=R]]}, {@code [[sim:ttft_ms=M]]}) override the timing of one call.
 *
 * @param port              TCP port; 0 picks a random free port
 * @param firstTokenDelay   time before the first token (keep-alives are sent meanwhile)
 * @param tokensPerSecond   token rate; {@code <= 0} means as fast as possible
 * @param keepAliveInterval interval between keep-alive lines while a response waits
 * @param models            API model ids served by {@code GET /models} and accepted by chat completions
 * @param apiKey            the only accepted bearer token, or {@code null} to accept any non-empty one
 */
public record SimulatorSettings(int port, Duration firstTokenDelay, double tokensPerSecond, Duration keepAliveInterval,
                                List<String> models, String apiKey) {

    public SimulatorSettings {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        Objects.requireNonNull(firstTokenDelay, "firstTokenDelay");
        Objects.requireNonNull(keepAliveInterval, "keepAliveInterval");
        if (firstTokenDelay.isNegative()) {
            throw new IllegalArgumentException("firstTokenDelay must not be negative");
        }
        if (keepAliveInterval.isNegative() || keepAliveInterval.isZero()) {
            throw new IllegalArgumentException("keepAliveInterval must be positive");
        }
        if (Double.isNaN(tokensPerSecond) || Double.isInfinite(tokensPerSecond)) {
            throw new IllegalArgumentException("tokensPerSecond must be a finite number");
        }
        models = List.copyOf(models);
        if (models.isEmpty()) {
            throw new IllegalArgumentException("models must not be empty");
        }
    }

    /** Port 3999, 300 ms to first token, 50 tokens/s, keep-alive every 100 ms, deepseek-chat and deepseek-reasoner, any key. */
    public static SimulatorSettings defaults() {
        return new SimulatorSettings(3999, Duration.ofMillis(300), 50, Duration.ofMillis(100),
                List.of("deepseek-chat", "deepseek-reasoner"), null);
    }

    public SimulatorSettings withPort(int newPort) {
        return new SimulatorSettings(newPort, firstTokenDelay, tokensPerSecond, keepAliveInterval, models, apiKey);
    }

    public SimulatorSettings withTokensPerSecond(double newRate) {
        return new SimulatorSettings(port, firstTokenDelay, newRate, keepAliveInterval, models, apiKey);
    }

    public SimulatorSettings withFirstTokenDelay(Duration newDelay) {
        return new SimulatorSettings(port, newDelay, tokensPerSecond, keepAliveInterval, models, apiKey);
    }

    public SimulatorSettings withModels(List<String> newModels) {
        return new SimulatorSettings(port, firstTokenDelay, tokensPerSecond, keepAliveInterval, newModels, apiKey);
    }

    public SimulatorSettings withKeepAliveInterval(Duration newInterval) {
        return new SimulatorSettings(port, firstTokenDelay, tokensPerSecond, newInterval, models, apiKey);
    }

    public SimulatorSettings withApiKey(String newApiKey) {
        return new SimulatorSettings(port, firstTokenDelay, tokensPerSecond, keepAliveInterval, models, newApiKey);
    }

    /** Never prints the API key: settings end up in logs. */
    @Override
    public String toString() {
        return "SimulatorSettings[port=" + port + ", firstTokenDelay=" + firstTokenDelay + ", tokensPerSecond="
                + tokensPerSecond + ", keepAliveInterval=" + keepAliveInterval + ", models=" + models
                + ", apiKey=" + (apiKey == null ? "<any>" : "****") + "]";
    }
}
