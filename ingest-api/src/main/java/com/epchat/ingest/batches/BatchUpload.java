package com.epchat.ingest.batches;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * A read and validated batch file: its valid items spooled to a temporary file (each the serialized
 * {@code BatchInput} item record, length-prefixed), and the lines left out. {@link #close()} deletes
 * the spool; it is always called (try-with-resources), whatever happens to the batch.
 *
 * @param items valid items in the spool
 * @param invalidLines how many lines were invalid ({@code errors} shows the first of them)
 */
record BatchUpload(Path spool, int items, List<LineError> errors, int invalidLines) implements AutoCloseable {

    /** Hands every spooled record, in file order, to {@code sink}; one record in memory at a time. */
    void forEachRecord(Consumer<byte[]> sink) {
        try (var in = new DataInputStream(new BufferedInputStream(Files.newInputStream(spool), 64 * 1024))) {
            for (int i = 0; i < items; i++) {
                byte[] record = new byte[in.readInt()];
                in.readFully(record);
                sink.accept(record);
            }
        } catch (EOFException e) {
            throw new IllegalStateException("the batch spool ended early", e);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the batch spool", e);
        }
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(spool);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete the batch spool " + spool, e);
        }
    }
}
