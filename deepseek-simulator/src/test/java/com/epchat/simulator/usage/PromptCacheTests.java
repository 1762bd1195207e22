package com.epchat.simulator.usage;

import com.epchat.simulator.SimMessage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Prefix-based context cache in 64-token units. */
class PromptCacheTests {

    private final PromptCache cache = new PromptCache();

    @Test
    void shouldHitTheLongestSeenPrefixRoundedDownTo64Tokens() {
        List<SimMessage> first = List.of(SimMessage.user("q".repeat(500)));
        List<SimMessage> longer = List.of(SimMessage.user("q".repeat(500)), SimMessage.assistant("a".repeat(300)));

        long miss = cache.hitTokens("deepseek-chat", first, 150);
        long hit = cache.hitTokens("deepseek-chat", longer, 240);
        long repeat = cache.hitTokens("deepseek-chat", longer, 240);

        assertThat(miss).isZero();
        assertThat(hit).isEqualTo(128);
        assertThat(repeat).isEqualTo(192);
    }

    @Test
    void shouldMissForAnotherModelOrADifferentStart() {
        cache.hitTokens("deepseek-chat", List.of(SimMessage.user("x".repeat(1000))), 300);

        assertThat(cache.hitTokens("deepseek-reasoner", List.of(SimMessage.user("x".repeat(1000))), 300)).isZero();
        assertThat(cache.hitTokens("deepseek-chat", List.of(SimMessage.user("y" + "x".repeat(1000))), 300)).isZero();
    }
}
