package com.epchat.deepseek;

import com.epchat.simulator.DeepSeekSimulator;
import com.epchat.simulator.SimMessage;
import com.epchat.simulator.SimulatorSettings;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/** Test helpers shared by the simulator-backed tests: one simulator setup, and requests as the simulator sees them. */
final class SimConversations {

    static final String API_KEY = "sk-sim-integration-key-0001";
    /** Long enough (about 130 prompt tokens) for the simulator's 64-token cache units to hit on a repeat. */
    static final String LONG_SYSTEM_PROMPT = ("You are a careful assistant for the EP Chat integration tests. "
            + "Answer plainly, keep every sentence short, and never invent facts you were not given. ").repeat(4);

    private SimConversations() {
    }

    /** Fast tokens (about 2 ms each), a short first-token delay, keep-alives every 100 ms, one accepted key. */
    static DeepSeekSimulator startSimulator() {
        return DeepSeekSimulator.start(SimulatorSettings.defaults().withPort(0)
                .withTokensPerSecond(500)
                .withFirstTokenDelay(Duration.ofMillis(20))
                .withKeepAliveInterval(Duration.ofMillis(100))
                .withApiKey(API_KEY));
    }

    static DeepSeekSettings settings(DeepSeekSimulator simulator) {
        return DeepSeekSettings.of(URI.create(simulator.baseUrl()), API_KEY)
                .withIdleTimeout(Duration.ofSeconds(5))
                .withCallTimeout(Duration.ofSeconds(20));
    }

    static ChatRequest chat(String model, int maxTokens, ChatMessage... messages) {
        return new ChatRequest(model, List.of(messages), maxTokens);
    }

    /** The conversation as the simulator's script sees it (an assistant prefix is not part of it). */
    static List<SimMessage> sim(ChatRequest request) {
        return request.messages().stream()
                .filter(m -> !Boolean.TRUE.equals(m.prefix()))
                .map(m -> new SimMessage(m.role(), m.content()))
                .toList();
    }
}
