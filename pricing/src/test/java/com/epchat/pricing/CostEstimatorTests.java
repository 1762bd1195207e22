package com.epchat.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.epchat.topics.event.ChatMessage;
import com.epchat.topics.event.CostEstimate;
import com.epchat.topics.event.TokenUsage;
import com.epchat.topics.money.Usd;
import java.util.List;
import org.junit.jupiter.api.Test;

class CostEstimatorTests {

    static final ModelPrice GUIDE_PRICES = new ModelPrice(Usd.of("0.0014"), Usd.of("0.0014"), Usd.of("0.0028"));
    static final ModelSpec V31 = ModelCatalog.defaults(131_072, true).find("deepseek-v3.1").orElseThrow();

    @Test
    void shouldCountEnglishAndChineseCharactersByTheRuleOfThumb() {
        assertThat(TokenEstimator.tokens("测试v3.1功能")).isEqualTo(4); // 4 × 0.6 + 4 × 0.3 = 3.6
        assertThat(TokenEstimator.tokens("hello world")).isEqualTo(4); // 11 × 0.3 = 3.3
        assertThat(TokenEstimator.tokens("，。")).isEqualTo(2); // CJK punctuation: 0.6 each
        assertThat(TokenEstimator.tokens(List.of(ChatMessage.user("")))).isEqualTo(1);
    }

    @Test
    void shouldEstimateTheGuidesServedRequestInOneRound() {
        CostEstimate estimate = CostEstimator.estimate(4, 8000, V31, GUIDE_PRICES);

        // 4 input tokens × 0.0014/1K + 8000 output × 0.0028/1K
        assertThat(estimate).isEqualTo(new CostEstimate(4, 8000, 1, 8192, Usd.of("0.0224056")));
    }

    @Test
    void shouldPriceEveryContinuationRoundsWholeContextAsACacheMiss() {
        CostEstimate estimate = CostEstimator.estimate(4, 50_000, V31, GUIDE_PRICES);

        // 7 rounds; inputs 4, 8196, ..., 49156 sum to 7×4 + 8192×21 = 172,060 tokens
        Usd expected = Usd.of("0.240884").plus(Usd.of("0.14"));
        assertThat(estimate).isEqualTo(new CostEstimate(4, 50_000, 7, 8192, expected));
    }

    @Test
    void shouldFindTheLargestOutputThatFitsABudget() {
        Usd budget = Usd.of("0.40");

        int max = CostEstimator.maxAffordableOutput(4, budget, 131_068, 8192, GUIDE_PRICES);

        assertThat(CostEstimator.worstCase(4, max, 8192, GUIDE_PRICES)).isLessThanOrEqualTo(budget);
        assertThat(CostEstimator.worstCase(4, max + 1, 8192, GUIDE_PRICES)).isGreaterThan(budget);
    }

    @Test
    void shouldShowWhenTheGuidesLongRequestTripsEachLevel() {
        Usd longRequest = CostEstimator.estimate(TokenEstimator.tokens("生成超长内容"), 50_000, V31, GUIDE_PRICES)
                .worstCase();

        // user daily $2.50: six such requests fit, a seventh does not
        assertThat(longRequest.times(6)).isLessThanOrEqualTo(Usd.of("2.50"));
        assertThat(longRequest.times(7)).isGreaterThan(Usd.of("2.50"));
        // request cap $0.40: a prompt of 3,257 CJK characters (1,955 tokens) is one too many
        String cjk3256 = "生".repeat(3256);
        assertThat(CostEstimator.worstCase(TokenEstimator.tokens(cjk3256), 50_000, 8192, GUIDE_PRICES))
                .isLessThanOrEqualTo(Usd.of("0.40"));
        assertThat(CostEstimator.worstCase(TokenEstimator.tokens(cjk3256 + "生"), 50_000, 8192, GUIDE_PRICES))
                .isGreaterThan(Usd.of("0.40"));
    }

    @Test
    void shouldAffordNothingWhenTheBudgetIsGoneOrTheContextIsFull() {
        assertThat(CostEstimator.maxAffordableOutput(4, Usd.ZERO, V31, GUIDE_PRICES)).isZero();
        assertThat(CostEstimator.maxAffordableOutput(4, Usd.of("0.0000055"), V31, GUIDE_PRICES)).isZero();
        assertThat(CostEstimator.maxAffordableOutput(131_072, Usd.of("1000"), V31, GUIDE_PRICES)).isZero();
        // $1000 buys more than the context holds: the context is the limit
        assertThat(CostEstimator.maxAffordableOutput(72, Usd.of("1000"), V31, GUIDE_PRICES)).isEqualTo(131_000);
    }

    @Test
    void shouldPriceAModelAtItsPrimaryApiModel() {
        PriceList prices = new PriceList(GUIDE_PRICES, java.util.Map.of("deepseek-reasoner",
                new ModelPrice(Usd.of("0.001"), Usd.of("0.002"), Usd.of("0.003"))));
        ModelSpec reasoner = ModelCatalog.defaults(131_072, true).find("deepseek-reasoner").orElseThrow();

        assertThat(prices.forModel(reasoner).outputPer1K()).isEqualTo(Usd.of("0.003"));
        assertThat(prices.forModel(V31)).isEqualTo(GUIDE_PRICES);
    }

    @Test
    void shouldBillCacheHitsAtTheCacheHitPrice() {
        ModelPrice v32 = new ModelPrice(Usd.of("0.000028"), Usd.of("0.00028"), Usd.of("0.00042"));

        Usd cost = v32.cost(new TokenUsage(1_000_000, 1_000_000, 1_000_000, 0));

        assertThat(cost).isEqualTo(Usd.of("0.728")); // 0.028 + 0.28 + 0.42 per million
    }

    @Test
    void shouldHoldEveryModelToSixtyFourKWhenExtendedContextIsOff() {
        ModelCatalog legacy = ModelCatalog.defaults(131_072, false);

        assertThat(legacy.find("deepseek-v3.1").orElseThrow().contextWindow()).isEqualTo(65_536);
        assertThat(legacy.find("gpt-4")).isEmpty();
    }

    @Test
    void shouldRefuseANegativePrice() {
        assertThatThrownBy(() -> new ModelPrice(Usd.of("-0.1"), Usd.ZERO, Usd.ZERO))
                .hasMessageContaining("negative");
    }
}
