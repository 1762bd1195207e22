package com.epchat.ingest.budget;

import static org.assertj.core.api.Assertions.assertThat;

import com.epchat.topics.event.BudgetLevel;
import com.epchat.topics.event.BudgetState;
import com.epchat.topics.money.Usd;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The in-memory view of {@code ep.budget.state}: the newest window per key, current windows only. */
class BudgetStateViewTests {

    static final Instant DAY = Instant.parse("2026-11-26T00:00:00Z");
    static final Instant NEXT_DAY = Instant.parse("2026-11-27T00:00:00Z");
    static final Instant NOW = Instant.parse("2026-11-27T09:00:00Z");

    final BudgetStateView view = new BudgetStateView();

    static BudgetState day(String user, Instant start, String spent) {
        Usd limit = Usd.of("2.50");
        return new BudgetState(BudgetLevel.USER_DAILY, user, start, start.plusSeconds(86_400), limit, Usd.of(spent),
                Usd.ZERO, limit.minus(Usd.of(spent)), 0, start);
    }

    @Test
    void shouldNeverLetAnOlderWindowReplaceANewerOne() {
        view.apply("user_daily/alice", day("alice", NEXT_DAY, "0.10"));

        view.apply("user_daily/alice", day("alice", DAY, "2.00"));

        assertThat(view.current(BudgetLevel.USER_DAILY, "alice", NOW)).contains(day("alice", NEXT_DAY, "0.10"));
    }

    @Test
    void shouldShowNothingForAWindowThatEnded() {
        view.apply("user_daily/alice", day("alice", DAY, "2.00"));

        assertThat(view.current(BudgetLevel.USER_DAILY, "alice", NOW)).isEmpty();
    }

    @Test
    void shouldSumOnlyTheCurrentWindowsOfALevel() {
        view.apply("user_daily/alice", day("alice", NEXT_DAY, "0.10"));
        view.apply("user_daily/bob", day("bob", DAY, "0.20"));
        view.apply("user_daily/carol", day("carol", NEXT_DAY, "0.30"));

        assertThat(view.current(BudgetLevel.USER_DAILY, NOW)).extracting(BudgetState::subject)
                .containsExactlyInAnyOrder("alice", "carol");
    }

    @Test
    void shouldForgetAKeyOnATombstoneAndEvictEndedWindows() {
        view.apply("user_daily/alice", day("alice", NEXT_DAY, "0.10"));
        view.apply("user_daily/bob", day("bob", DAY, "0.20"));

        view.apply("user_daily/alice", null);
        view.evictEnded(NOW);

        assertThat(view.current(BudgetLevel.USER_DAILY, NOW)).isEmpty();
        assertThat(view.current(BudgetLevel.USER_DAILY, "bob", DAY.plusSeconds(60))).isEmpty();
    }
}
