package com.epchat.simulator;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The deterministic script other modules' tests rely on. */
class SimulatorScriptTests {

    private static final List<SimMessage> CONVERSATION = List.of(
            SimMessage.system("You are terse."), SimMessage.user("Tell me about harbors."));

    @Test
    void shouldGiveTheSameAnswerForTheSameConversation() {
        assertThat(SimulatorScript.answerTokens(CONVERSATION))
                .isEqualTo(SimulatorScript.answerTokens(List.copyOf(CONVERSATION)));
        assertThat(SimulatorScript.fullAnswer(CONVERSATION))
                .isNotEqualTo(SimulatorScript.fullAnswer(List.of(SimMessage.user("Tell me about harbors!"))));
    }

    @Test
    void shouldProduceProseTokensOfDefaultLength() {
        List<String> tokens = SimulatorScript.answerTokens(CONVERSATION);

        assertThat(tokens).hasSizeBetween(300, 900);
        assertThat(tokens).allSatisfy(token -> assertThat(token).matches("[A-Za-z]+[,.]? "));
        assertThat(tokens.get(0)).matches("[A-Z].*");
        assertThat(tokens.get(tokens.size() - 1)).endsWith(". ");
        assertThat(tokens).anySatisfy(token -> assertThat(token).endsWith(", "));
        assertThat(SimulatorScript.fullAnswer(CONVERSATION)).isEqualTo(String.join("", tokens));
    }

    @Test
    void shouldFixTheLengthWithATokensDirective() {
        assertThat(SimulatorScript.answerTokens(List.of(SimMessage.user("x [[sim:tokens=1]]")))).hasSize(1);
        assertThat(SimulatorScript.answerTokens(List.of(SimMessage.user("x [[sim:tokens=200000]]")))).hasSize(200_000);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> SimulatorScript.answerTokens(List.of(SimMessage.user("x [[sim:tokens=0]]"))));
    }

    @Test
    void shouldTreatAContinueTurnAsTheSameConversation() {
        List<SimMessage> continued = List.of(CONVERSATION.get(0), CONVERSATION.get(1),
                SimMessage.assistant("Harbors "), SimMessage.user("continue"));

        assertThat(SimulatorScript.fullAnswer(continued)).isEqualTo(SimulatorScript.fullAnswer(CONVERSATION));
    }

    @Test
    void shouldGiveFiftyReasoningTokensAndEmitAQuarterOfSmallBudgets() {
        assertThat(SimulatorScript.reasoningTokens(CONVERSATION)).hasSize(50);
        assertThat(SimulatorScript.fullReasoning(CONVERSATION)).isEqualTo(String.join("",
                SimulatorScript.reasoningTokens(CONVERSATION)));
        assertThat(SimulatorScript.reasoningTokensFor(100)).isEqualTo(25);
        assertThat(SimulatorScript.reasoningTokensFor(4096)).isEqualTo(50);
    }

    @Test
    void shouldCountPromptTokensWithTheRuleOfThumb() {
        assertThat(SimulatorScript.promptTokens(List.of(SimMessage.user("abcdefghij")))).isEqualTo(3);
        assertThat(SimulatorScript.promptTokens(List.of(SimMessage.user("你好世界。")))).isEqualTo(3);
        assertThat(SimulatorScript.promptTokens(List.of(SimMessage.user("ab"), SimMessage.user("ハングル한")))).isEqualTo(4);
        assertThat(SimulatorScript.promptTokens(List.of(SimMessage.user("")))).isEqualTo(1);
    }
}
