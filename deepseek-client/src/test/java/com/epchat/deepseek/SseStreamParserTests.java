package com.epchat.deepseek;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.epchat.deepseek.DeepSeekException.Kind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class SseStreamParserTests {

    private final List<String> events = new ArrayList<>();
    private final SseStreamParser parser = new SseStreamParser(JsonMapper.builder().build(), new StreamListener() {
        @Override
        public void onContent(String text) {
            events.add("content:" + text);
        }

        @Override
        public void onReasoning(String text) {
            events.add("reasoning:" + text);
        }
    });

    @Test
    void shouldCountOnlyDataLinesAsProgress() throws Exception {
        assertThat(parser.accept(": keep-alive")).isFalse();
        assertThat(parser.accept("")).isFalse();
        assertThat(parser.accept("event: message")).isFalse();
        assertThat(parser.accept("data: " + chunk("\"Hi\"", "null", "null", null))).isTrue();
        assertThat(parser.accept("")).isFalse();
    }

    @Test
    void shouldIgnoreKeepAlivesBetweenChunksAndDeliverNonEmptyDeltasInOrder() throws Exception {
        feed(": keep-alive", "", ": keep-alive", "",
                "data: " + firstChunk(), "",
                ": keep-alive", "",
                "data: " + chunk("\"Hello\"", "null", "null", null), "",
                "data: " + chunk("\"\"", "null", "null", null), "",
                "data: " + chunk("\", world\"", "null", "\"stop\"", usage()), "",
                "data: [DONE]", "");

        Completion completion = parser.finish();

        assertThat(parser.done()).isTrue();
        assertThat(events).containsExactly("content:Hello", "content:, world");
        assertThat(completion).isEqualTo(new Completion("deepseek-chat", "stop",
                new Usage(30, 20, 10, 7, 0), "Hello, world", ""));
    }

    @Test
    void shouldKeepReasoningApartFromContent() throws Exception {
        feed("data: " + firstChunk(), "",
                "data: " + chunk("null", "\"Let me think.\"", "null", null), "",
                "data: " + chunk("null", "\" Done.\"", "null", null), "",
                "data: " + chunk("\"42\"", "null", "\"stop\"", reasonerUsage()), "",
                "data: [DONE]", "");

        Completion completion = parser.finish();

        assertThat(events).containsExactly("reasoning:Let me think.", "reasoning: Done.", "content:42");
        assertThat(completion).isEqualTo(new Completion("deepseek-chat", "stop",
                new Usage(12, 0, 12, 40, 35), "42", "Let me think. Done."));
    }

    @Test
    void shouldTakeUsageFromWhicheverChunkCarriesIt() throws Exception {
        feed("data: " + chunk("\"a\"", "null", "\"length\"", null), "",
                "data: {\"choices\":[],\"usage\":" + usage() + "}", "",
                "data: [DONE]", "");

        assertThat(parser.finish().usage()).isEqualTo(new Usage(30, 20, 10, 7, 0));
        assertThat(parser.finish().cutOff()).isTrue();
    }

    @Test
    void shouldReportNoUsageWhenTheProviderSentNone() throws Exception {
        feed("data: " + chunk("\"a\"", "null", "\"stop\"", null), "", "data: [DONE]", "");

        assertThat(parser.finish().usage()).isNull();
    }

    @Test
    void shouldAcceptDataWithoutSpaceAndALastEventWithoutBlankLine() throws Exception {
        feed("data:" + chunk("\"x\"", "null", "\"stop\"", null), "", "data: [DONE]");
        parser.endOfInput();

        assertThat(parser.done()).isTrue();
        assertThat(parser.finish().content()).isEqualTo("x");
    }

    @Test
    void shouldFailDisconnectedWithPartialTextWhenTheStreamEndsWithoutFinishReason() throws Exception {
        feed("data: " + chunk("null", "\"hmm\"", "null", null), "",
                "data: " + chunk("\"partial\"", "null", "null", null), "");
        parser.endOfInput();

        assertThatExceptionOfType(DeepSeekException.class).isThrownBy(parser::finish)
                .satisfies(e -> {
                    assertThat(e.kind()).isEqualTo(Kind.DISCONNECTED);
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.partialContent()).isEqualTo("partial");
                    assertThat(e.partialReasoning()).isEqualTo("hmm");
                });
    }

    @Test
    void shouldFailWithInsufficientResourcesCarryingUsageAndPartialText() throws Exception {
        feed("data: " + chunk("\"cut\"", "null", "\"insufficient_system_resource\"", usage()), "",
                "data: [DONE]", "");

        assertThatExceptionOfType(DeepSeekException.class).isThrownBy(parser::finish)
                .satisfies(e -> {
                    assertThat(e.kind()).isEqualTo(Kind.INSUFFICIENT_RESOURCES);
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.partialContent()).isEqualTo("cut");
                    assertThat(e.usage()).isEqualTo(new Usage(30, 20, 10, 7, 0));
                });
    }

    @Test
    void shouldFailOnAnUnparseableChunkKeepingWhatCameBefore() throws Exception {
        feed("data: " + chunk("\"ok\"", "null", "null", null), "");

        assertThatExceptionOfType(DeepSeekException.class)
                .isThrownBy(() -> feed("data: {not json", ""))
                .satisfies(e -> {
                    assertThat(e.kind()).isEqualTo(Kind.IO);
                    assertThat(e.partialContent()).isEqualTo("ok");
                });
    }

    private void feed(String... lines) throws DeepSeekException {
        for (String line : lines) {
            parser.accept(line);
        }
    }

    private static String firstChunk() {
        return "{\"id\":\"5f1c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"deepseek-chat\","
                + "\"system_fingerprint\":\"fp_1\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
                + "\"content\":\"\"},\"finish_reason\":null}]}";
    }

    private static String chunk(String content, String reasoning, String finishReason, String usage) {
        return "{\"id\":\"5f1c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"deepseek-chat\","
                + "\"choices\":[{\"index\":0,\"delta\":{\"content\":" + content + ",\"reasoning_content\":" + reasoning
                + "},\"finish_reason\":" + finishReason + "}]" + (usage == null ? "" : ",\"usage\":" + usage) + "}";
    }

    private static String usage() {
        return "{\"prompt_tokens\":30,\"completion_tokens\":7,\"total_tokens\":37,"
                + "\"prompt_cache_hit_tokens\":20,\"prompt_cache_miss_tokens\":10}";
    }

    private static String reasonerUsage() {
        return "{\"prompt_tokens\":12,\"completion_tokens\":40,\"total_tokens\":52,\"prompt_cache_hit_tokens\":0,"
                + "\"prompt_cache_miss_tokens\":12,\"completion_tokens_details\":{\"reasoning_tokens\":35}}";
    }
}
