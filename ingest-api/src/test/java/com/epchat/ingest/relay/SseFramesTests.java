package com.epchat.ingest.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.epchat.topics.event.ChunkEvent;
import com.epchat.topics.event.TokenUsage;
import com.epchat.topics.money.Usd;
import com.epchat.topics.serde.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The bytes of each SSE frame: id = sequence, the event name, one data line of JSON. */
class SseFramesTests {

    @ParameterizedTest
    @ValueSource(strings = {"word ", "测试 ", "quote \" and \\ backslash", "line\nbreak\r\ttab", "\u0001\u001f", "emoji 😀",
        "</script>", "\u2028"})
    void shouldWriteATextChunkExactlyAsTheDataBindingWould(String content) {
        ChunkEvent event = ChunkEvent.delta("job-1", 7, 2, content, null, Instant.now());

        String frame = new String(SseFrames.of(event), StandardCharsets.UTF_8);

        assertThat(frame).isEqualTo("id: 7\nevent: chunk\ndata: "
                + Json.MAPPER.writeValueAsString(new SseFrames.Chunk(content, null, 2)) + "\n\n");
        assertThat(Json.MAPPER.readTree(frame.substring(frame.indexOf("data: ") + 6).trim()).get("content").asString())
                .isEqualTo(content);
    }

    @Test
    void shouldEndTheJobWithADoneFrameCarryingUsageAndCost() {
        ChunkEvent done = ChunkEvent.done("job-1", 9, 1, "stop", new TokenUsage(1, 2, 3, 0), Usd.of("0.0012"),
                "deepseek-chat", Instant.now());

        assertThat(new String(SseFrames.of(done), StandardCharsets.UTF_8)).isEqualTo("id: 9\nevent: done\ndata: "
                + "{\"jobId\":\"job-1\",\"finishReason\":\"stop\",\"usage\":{\"inputCacheHit\":1,\"inputCacheMiss\":2,"
                + "\"output\":3,\"reasoning\":0},\"cost\":\"0.0012\",\"apiModel\":\"deepseek-chat\",\"rounds\":1}\n\n");
    }

    @Test
    void shouldCutAConnectionWithAnErrorEventThatHasNoId() {
        String frame = new String(SseFrames.cut("job-1", "slow_client", "reconnect"), StandardCharsets.UTF_8);

        assertThat(frame).startsWith("event: error\ndata: {").doesNotContain("id:").contains("\"code\":\"slow_client\"");
    }
}
