package com.epchat.budget.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.epchat.topics.money.Usd;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/** The store values survive their changelog exactly: money to the last digit, instants to the millisecond. */
class LedgerSerdesTests {

    @Test
    void shouldRoundTripAWindowsSpendExactly() {
        WindowSpend spend = new WindowSpend(Usd.of("2.4750264"), Usd.of("0.0000001"), 66);

        assertThat(roundTrip(LedgerSerdes.windowSpend(), spend)).isEqualTo(spend);
    }

    @Test
    void shouldRoundTripAJobsReservationExactly() {
        JobReservation job = new JobReservation("job-1", "alice", Instant.parse("2026-11-26T16:00:00Z"),
                Instant.parse("2026-11-27T16:00:00Z"), Usd.of("0.380884"), Usd.of("0.12"));

        assertThat(roundTrip(LedgerSerdes.jobReservation(), job)).isEqualTo(job);
    }

    @Test
    void shouldRoundTripAmountsOfAnyScaleAndSize() {
        // 100 is kept as 1E+2 (a negative scale); the other amount needs more than a long's digits
        WindowSpend spend = new WindowSpend(Usd.of("100"), Usd.of("-98765432109876543210.123456789"), 0);

        assertThat(roundTrip(LedgerSerdes.windowSpend(), spend)).isEqualTo(spend);
    }

    private static <T> T roundTrip(Serde<T> serde, T value) {
        return serde.deserializer().deserialize("t", serde.serializer().serialize("t", value));
    }

    @Test
    void shouldReadTheVersionOneRecordsThatChangelogsAlreadyHold() throws IOException {
        ByteArrayOutputStream spendBytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(spendBytes)) {
            out.writeByte(1);
            out.writeUTF("2.4750264");
            out.writeUTF("0.0000001");
            out.writeInt(66);
        }
        ByteArrayOutputStream jobBytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(jobBytes)) {
            out.writeByte(1);
            out.writeUTF("job-1");
            out.writeUTF("alice");
            out.writeLong(Instant.parse("2026-11-26T16:00:00Z").toEpochMilli());
            out.writeLong(Instant.parse("2026-11-27T16:00:00Z").toEpochMilli());
            out.writeUTF("0.380884");
            out.writeUTF("0.12");
        }

        assertThat(LedgerSerdes.windowSpend().deserializer().deserialize("t", spendBytes.toByteArray()))
                .isEqualTo(new WindowSpend(Usd.of("2.4750264"), Usd.of("0.0000001"), 66));
        assertThat(LedgerSerdes.jobReservation().deserializer().deserialize("t", jobBytes.toByteArray()))
                .isEqualTo(new JobReservation("job-1", "alice", Instant.parse("2026-11-26T16:00:00Z"),
                        Instant.parse("2026-11-27T16:00:00Z"), Usd.of("0.380884"), Usd.of("0.12")));
    }

    @Test
    void shouldRefuseARecordOfAnUnknownVersion() {
        assertThatThrownBy(() -> LedgerSerdes.windowSpend().deserializer().deserialize("t", new byte[] {9, 0}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("version 9");
    }
}
