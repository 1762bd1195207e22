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

    /**
     * A job's holds: a byte saying which parts follow (1 user, 2 site), then each part's fields. The jobId
     * is written once; the key holds it too, but a value should read alone.
     */
    public static Serde<JobHolds> jobHolds() {
        return Serdes.serdeFrom((topic, holds) -> holds == null ? null : write(out -> {
            JobReservation any = holds.user() != null ? holds.user() : holds.site();
            out.writeUTF(any.jobId());
            out.writeByte((holds.user() != null ? 1 : 0) | (holds.site() != null ? 2 : 0));
            if (holds.user() != null) {
                writeReservation(out, holds.user());
            }
            if (holds.site() != null) {
                writeReservation(out, holds.site());
            }
        }), (topic, bytes) -> bytes == null ? null : read(bytes, in -> {
            String jobId = in.readUTF();
            byte parts = in.readByte();
            JobReservation user = (parts & 1) != 0 ? readReservation(in, jobId) : null;
            JobReservation site = (parts & 2) != 0 ? readReservation(in, jobId) : null;
            return new JobHolds(user, site);
        }));
    }

    private static void writeReservation(DataOutputStream out, JobReservation job) throws IOException {
        out.writeUTF(job.subject());
        out.writeLong(job.windowStart().toEpochMilli());
        out.writeLong(job.windowEnd().toEpochMilli());
        out.writeUTF(job.reserved().toPlainString());
        out.writeUTF(job.spent().toPlainString());
    }

    private static JobReservation readReservation(DataInputStream in, String jobId) throws IOException {
        return new JobReservation(jobId, in.readUTF(), Instant.ofEpochMilli(in.readLong()),
                Instant.ofEpochMilli(in.readLong()), Usd.of(in.readUTF()), Usd.of(in.readUTF()));
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
