package com.epchat.budget.guard;

import com.epchat.budget.ledger.BudgetWindows;
import com.epchat.budget.ledger.JobReservation;
import com.epchat.budget.ledger.LedgerSerdes;
import com.epchat.budget.ledger.WindowSpend;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The guard's state stores and internal serdes, by name. Each store is persistent (RocksDB) and
 * backed by a changelog topic, so a restarted or moved task gets its books back exactly. Store values
 * use the compact {@link LedgerSerdes}.
 *
 * <ul>
 *   <li>{@value #USER_SPEND}: window store, key userId, one {@link WindowSpend} per day start;</li>
 *   <li>{@value #USER_JOBS}: key jobId, the job's open {@link JobReservation} at user level;</li>
 *   <li>{@value #SITE_SPEND}: window store, key {@code site}, one {@link WindowSpend} per hour start;</li>
 *   <li>{@value #SITE_JOBS}: key jobId, the job's open {@link JobReservation} at site level.</li>
 * </ul>
 */
public final class BudgetStores {

    public static final String USER_SPEND = "user-daily-spend";
    public static final String USER_JOBS = "user-job-reservations";
    public static final String SITE_SPEND = "site-hourly-spend";
    public static final String SITE_JOBS = "site-job-reservations";

    static final Serde<String> KEYS = Serdes.String();
    static final Serde<WindowSpend> SPEND = LedgerSerdes.windowSpend();
    static final Serde<JobReservation> JOBS = LedgerSerdes.jobReservation();

    private BudgetStores() {
    }

    /**
     * Window stores keep a window for its length plus the grace (settlement of late usage), and a
     * little more so that a window on the edge of expiry is never dropped while it may still change.
     */
    static void addTo(StreamsBuilder builder, BudgetWindows windows) {
        Duration grace = windows.grace();
        Duration day = BudgetWindows.LONGEST_DAY;
        Duration hour = Duration.ofHours(1);
        builder.addStateStore(Stores.windowStoreBuilder(
                        Stores.persistentWindowStore(USER_SPEND, day.plus(day).plus(grace), day, false), KEYS, SPEND)
                .withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(USER_JOBS), KEYS, JOBS));
        builder.addStateStore(Stores.windowStoreBuilder(
                        Stores.persistentWindowStore(SITE_SPEND, hour.plus(hour).plus(grace), hour, false), KEYS, SPEND)
                .withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SITE_JOBS), KEYS, JOBS));
    }
}
