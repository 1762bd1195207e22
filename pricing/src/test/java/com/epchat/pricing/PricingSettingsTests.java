package com.epchat.pricing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** The pricing variables every service binds: a nonsense value is refused, naming the variable and the value. */
class PricingSettingsTests {

    static final BigDecimal IN = new BigDecimal("0.0014");
    static final BigDecimal OUT = new BigDecimal("0.0028");

    @Test
    void shouldRefuseAContextLargerThanTheModelsWindow() {
        assertThatThrownBy(() -> new PricingSettings(262_144, "enabled", IN, null, OUT))
                .hasMessage("MODEL_CTX must be between 4096 and 131072 tokens (the models' context window), was 262144");
    }

    @Test
    void shouldRefuseANegativePrice() {
        assertThatThrownBy(() -> new PricingSettings(131_072, "enabled", IN, null, new BigDecimal("-0.1")))
                .hasMessage("PRICE_OUT_PER_1K must be a price of zero or more, was -0.1");
        assertThatThrownBy(() -> new PricingSettings(131_072, "enabled", IN, new BigDecimal("-1"), OUT))
                .hasMessage("PRICE_IN_CACHE_HIT_PER_1K must be a price of zero or more, was -1");
    }

    @Test
    void shouldRefuseA128KModeThatIsNeitherOnNorOff() {
        assertThatThrownBy(() -> new PricingSettings(131_072, "sometimes", IN, null, OUT))
                .hasMessage("EP_128K_MODE must be enabled/disabled (or true/false, on/off), was 'sometimes'");
    }
}
