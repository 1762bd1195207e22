package com.epchat.worker.recovery;

import com.epchat.topics.event.ChunkEvent;
import com.epchat.topics.event.ChunkType;
import com.epchat.topics.event.TokenUsage;
import com.epchat.topics.event.UsageEvent;
import com.epchat.topics.money.Usd;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where a job stands according to Kafka: the text and reasoning emitted so far, the last sequence
 * number and round, what was billed (per round), and the text of rounds that were streamed but never
 * billed (a worker died mid-call), and for a job that ended its {@code done} or {@code error} event
 * ({@code ending}, else null). A fresh job has {@link #NONE}.
 */
public record JobProgress(
        long lastSeq,
        int lastRound,
        String text,
        TokenUsage billedTokens,
        Usd billedCost,
        Set<Integer> billedRounds,
        List<UnbilledRound> unbilled,
        long contentDeltas,
        boolean finished,
        ChunkEvent ending) {

    public static final JobProgress NONE = new JobProgress(0, 0, "", TokenUsage.NONE, Usd.ZERO, Set.of(), List.of(),
            0, false, null);

    /**
     * A round that was streamed but never billed: how many deltas (tokens: one per chunk) it streamed,
     * and how many answer tokens the job had before it (what that call re-sent as its prefix).
     */
    public record UnbilledRound(int round, long deltas, long contentTokensBefore) {
    }

    public boolean isFresh() {
        return lastSeq == 0 && billedRounds.isEmpty();
    }

    static JobProgress of(List<ChunkEvent> chunks, List<UsageEvent> usage) {
        List<ChunkEvent> ordered = chunks.stream().sorted(Comparator.comparingLong(ChunkEvent::seq)).toList();
        Map<Integer, UsageEvent> billed = new LinkedHashMap<>();
        usage.forEach(u -> billed.putIfAbsent(u.round(), u));
        StringBuilder text = new StringBuilder();
        long contentDeltas = 0;
        Map<Integer, UnbilledRound> unbilled = new LinkedHashMap<>();
        long lastSeq = 0;
        int lastRound = billed.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
        for (ChunkEvent c : ordered) {
            if (c.seq() <= lastSeq) {
                continue;
            }
            lastSeq = c.seq();
            lastRound = Math.max(lastRound, c.round());
            if (c.type() == ChunkType.DELTA) {
                if (!billed.containsKey(c.round())) {
                    unbilled.merge(c.round(), new UnbilledRound(c.round(), 1, contentDeltas),
                            (a, b) -> new UnbilledRound(a.round(), a.deltas() + 1, a.contentTokensBefore()));
                }
                if (c.content() != null) {
                    text.append(c.content());
                    contentDeltas++;
                }
            }
        }
        TokenUsage tokens = billed.values().stream().map(UsageEvent::tokens).reduce(TokenUsage.NONE, TokenUsage::plus);
        Usd cost = billed.values().stream().map(UsageEvent::cost).reduce(Usd.ZERO, Usd::plus);
        ChunkEvent ending = ordered.stream().filter(c -> c.type() == ChunkType.DONE || c.type() == ChunkType.ERROR)
                .findFirst().orElse(null);
        return new JobProgress(lastSeq, lastRound, text.toString(), tokens, cost, new TreeSet<>(billed.keySet()),
                List.copyOf(unbilled.values()), contentDeltas, ending != null || usage.stream().anyMatch(UsageEvent::last),
                ending);
    }
}
