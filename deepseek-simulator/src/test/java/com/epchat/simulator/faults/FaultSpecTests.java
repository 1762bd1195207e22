package com.epchat.simulator.faults;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Parsing of the X-Sim-Fault header and directive parameters, and times=K counting. */
class FaultSpecTests {

    @Test
    void shouldParseTheHeaderWithDefaults() {
        assertThat(FaultSpec.parseHeader("rate_limit")).isEqualTo(new FaultSpec(Fault.RATE_LIMIT, 5, null, 1));
        assertThat(FaultSpec.parseHeader("stall; after=12 ;times=2;retry-after=3"))
                .isEqualTo(new FaultSpec(Fault.STALL, 12, 2, 3));
        assertThat(FaultSpec.of("disconnect", Map.of("retry_after", "4")))
                .isEqualTo(new FaultSpec(Fault.DISCONNECT, 5, null, 4));
    }

    @Test
    void shouldRejectUnknownFaultsAndParameters() {
        assertThatIllegalArgumentException().isThrownBy(() -> FaultSpec.parseHeader("melt"));
        assertThatIllegalArgumentException().isThrownBy(() -> FaultSpec.parseHeader("stall;color=red"));
        assertThatIllegalArgumentException().isThrownBy(() -> FaultSpec.parseHeader("stall;times=0"));
    }

    @Test
    void shouldInjectOnlyTheFirstKTimesPerConversationAndFault() {
        FaultLedger ledger = new FaultLedger();
        FaultSpec twice = new FaultSpec(Fault.SERVER_ERROR, 5, 2, 1);

        assertThat(ledger.inject("conv-a", twice)).isTrue();
        assertThat(ledger.inject("conv-a", twice)).isTrue();
        assertThat(ledger.inject("conv-a", twice)).isFalse();
        assertThat(ledger.inject("conv-b", twice)).isTrue();
        assertThat(ledger.inject("conv-a", new FaultSpec(Fault.OVERLOADED, 5, 1, 1))).isTrue();
    }
}
