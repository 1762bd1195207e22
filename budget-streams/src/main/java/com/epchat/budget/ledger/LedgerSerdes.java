package com.epchat.budget.ledger;

import com.epchat.topics.money.Usd;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Compact binary serdes for the ledger's store values (and so their changelogs): a version byte, then
 * the fields, money as its exact decimal string. Every decision reads and writes several of these, and
 * JSON was a third of the stream thread's time; these stores are internal, so nobody else reads them.
 */
public final class LedgerSerdes {

    private static final byte VERSION = 1;

    private LedgerSerdes() {
    }

    public static Serde<WindowSpend> windowSpend() {
        return Serdes.serdeFrom((topic, spend) -> spend == null ? null : write(out -> {
            out.writeUTF(spend.spent().toPlainString());
            out.writeUTF(spend.reserved().toPlainString());
            out.writeInt(spend.openReservations());
        }), (topic, bytes) -> bytes == null ? null : read(bytes, in -> new WindowSpend(Usd.of(in.readUTF()),
                Usd.of(in.readUTF()), in.readInt())));
    }

    public static Serde<JobReservation> jobReservation() {
        return Serdes.serdeFrom((topic, job) -> job == null ? null : write(out -> {
            out.writeUTF(job.jobId());
            out.writeUTF(job.subject());
            out.writeLong(job.windowStart().toEpochMilli());
            out.writeLong(job.windowEnd().toEpochMilli());
            out.writeUTF(job.reserved().toPlainString());
            out.writeUTF(job.spent().toPlainString());
        }), (topic, bytes) -> bytes == null ? null : read(bytes, in -> new JobReservation(in.readUTF(), in.readUTF(),
                Instant.ofEpochMilli(in.readLong()), Instant.ofEpochMilli(in.readLong()), Usd.of(in.readUTF()),
                Usd.of(in.readUTF()))));
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
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
            if (version != VERSION) {
                throw new SerializationException("unknown ledger record version " + version);
            }
            return reader.read(in);
        } catch (IOException e) {
            throw new SerializationException("cannot read a ledger record: " + e.getMessage(), e);
        }
    }
}
