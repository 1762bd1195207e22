package com.epchat.budget.ledger;

import com.epchat.topics.money.Usd;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Compact binary serdes for the ledger's store values (and so their changelogs): a version byte, then
 * the fields. Every decision reads and writes several of these, and JSON was a third of the stream
 * thread's time; these stores are internal, so nobody else reads them. Version 2 writes money exactly as
 * its decimal's scale and unscaled digits (parsing version 1's decimal strings was a tenth of the stream
 * thread, bench/results/issue-3.md); version 1 records, in changelogs written before, are still read.
 */
public final class LedgerSerdes {

    private static final byte VERSION = 2;
    private static final byte DECIMAL_STRINGS = 1;

    private LedgerSerdes() {
    }

    public static Serde<WindowSpend> windowSpend() {
        return Serdes.serdeFrom((topic, spend) -> spend == null ? null : write(out -> {
            writeMoney(out, spend.spent());
            writeMoney(out, spend.reserved());
            out.writeInt(spend.openReservations());
        }), (topic, bytes) -> bytes == null ? null : read(bytes, (in, money) -> new WindowSpend(money.read(in),
                money.read(in), in.readInt())));
    }

    public static Serde<JobReservation> jobReservation() {
        return Serdes.serdeFrom((topic, job) -> job == null ? null : write(out -> {
            out.writeUTF(job.jobId());
            out.writeUTF(job.subject());
            out.writeLong(job.windowStart().toEpochMilli());
            out.writeLong(job.windowEnd().toEpochMilli());
            writeMoney(out, job.reserved());
            writeMoney(out, job.spent());
        }), (topic, bytes) -> bytes == null ? null : read(bytes, (in, money) -> new JobReservation(in.readUTF(),
                in.readUTF(), Instant.ofEpochMilli(in.readLong()), Instant.ofEpochMilli(in.readLong()), money.read(in),
                money.read(in))));
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private interface Reader<T> {
        T read(DataInputStream in, Money money) throws IOException;
    }

    /** How a record's version writes money. */
    private interface Money {
        Usd read(DataInputStream in) throws IOException;
    }

    private static void writeMoney(DataOutputStream out, Usd usd) throws IOException {
        BigDecimal amount = usd.amount();
        byte[] unscaled = amount.unscaledValue().toByteArray();
        out.writeInt(amount.scale());
        out.writeShort(unscaled.length);
        out.write(unscaled);
    }

    private static Usd readMoney(DataInputStream in) throws IOException {
        int scale = in.readInt();
        byte[] unscaled = new byte[in.readUnsignedShort()];
        in.readFully(unscaled);
        return Usd.of(new BigDecimal(new BigInteger(unscaled), scale));
    }

    private static byte[] write(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static <T> T read(byte[] bytes, Reader<T> reader) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version == VERSION) {
                return reader.read(in, LedgerSerdes::readMoney);
            }
            if (version == DECIMAL_STRINGS) {
                return reader.read(in, old -> Usd.of(old.readUTF()));
            }
            throw new SerializationException("unknown ledger record version " + version);
        } catch (IOException e) {
            throw new SerializationException("cannot read a ledger record: " + e.getMessage(), e);
        }
    }
}
