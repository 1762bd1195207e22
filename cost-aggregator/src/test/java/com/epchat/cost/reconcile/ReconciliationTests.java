package com.epchat.cost.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.epchat.topics.money.Usd;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The verdict of a reconciliation: exact equality of the money sums, half a micro-dollar for the counter. */
class ReconciliationTests {

    static Reconciliation with(String userDaily, String jobs, String metric) {
        return new Reconciliation(Usd.of("1.2345678"), 10, 1, Map.of("ep.finance.user-daily", Usd.of(userDaily)),
                Map.of("ep.finance.user-daily", Usd.ZERO), Usd.of(jobs), 4, 0,
                metric == null ? null : new BigDecimal(metric), 0);
    }

    @Test
    void shouldReconcileWhenTheSumsAreEqualAndTheCounterIsTheNearestDouble() {
        Reconciliation ok = with("1.2345678", "1.2345678", Double.toString(1.2345678));

        assertThat(ok.mismatches()).isEmpty();
        assertThat(ok.describe()).contains("RECONCILED to the micro-dollar");
    }

    @Test
    void shouldNameEverySumThatDiffersEvenByATenthOfAMicroDollar() {
        Reconciliation off = with("1.2345677", "1.2345679", "1.2345688");

        assertThat(off.mismatches()).hasSize(3);
        assertThat(off.mismatches().get(0)).contains("ep.finance.user-daily + corrections = 1.2345677");
        assertThat(off.describe()).contains("MISMATCH");
    }

    @Test
    void shouldSumTheCounterOverEverySeriesOfThePrometheusText() {
        String text = """
                # HELP ep_chat_actual_cost_usd_total exact cost
                # TYPE ep_chat_actual_cost_usd_total counter
                ep_chat_actual_cost_usd_total{model="deepseek-v3.1"} 0.0012808
                ep_chat_actual_cost_usd_total{model="deepseek-reasoner"} 1.0E-7
                ep_chat_actual_cost_usd_totally_other 5
                """;

        assertThat(CostReconciler.sumOf(text, "ep_chat_actual_cost_usd_total")).isEqualByComparingTo("0.0012809");
    }
}
