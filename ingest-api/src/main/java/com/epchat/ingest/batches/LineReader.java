package com.epchat.ingest.batches;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines ({@code \n} or {@code \r\n}) without ever holding more than one
 * line, and at most {@code maxLineBytes} of it: a longer line is skipped to its end and reported as
 * too long. Counts the bytes it read and stops with {@link TooLargeException} past {@code maxBytes}.
 */
final class LineReader {

    private final InputStream in;
    private final int maxLineBytes;
    private final long maxBytes;
    private final byte[] chunk = new byte[64 * 1024];
    private int pos;
    private int limit;
    private long bytesRead;
    private byte[] line = new byte[4096];
    private int length;
    private boolean tooLong;

    LineReader(InputStream in, int maxLineBytes, long maxBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
        this.maxBytes = maxBytes;
    }

    /** Reads the next line; false at the end of the stream. */
    boolean next() throws IOException {
        length = 0;
        tooLong = false;
        boolean any = false;
        while (true) {
            if (pos == limit && !fill()) {
                return any;
            }
            any = true;
            int start = pos;
            while (pos < limit && chunk[pos] != '\n') {
                pos++;
            }
            append(start, pos - start);
            if (pos < limit) {
                pos++;
                if (!tooLong && length > 0 && line[length - 1] == '\r') {
                    length--;
                }
                return true;
            }
        }
    }

    /** The current line's bytes: {@code [0, length())}; meaningless when {@link #tooLong()}. */
    byte[] bytes() {
        return line;
    }

    int length() {
        return length;
    }

    boolean tooLong() {
        return tooLong;
    }

    /** Nothing but white space (a trailing newline, an empty line between requests). */
    boolean blank() {
        if (tooLong) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            byte b = line[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private void append(int start, int n) {
        if (tooLong || n == 0) {
            return;
        }
        if ((long) length + n > maxLineBytes) {
            tooLong = true;
            return;
        }
        if (length + n > line.length) {
            line = Arrays.copyOf(line, Math.min(maxLineBytes, Math.max(line.length * 2, length + n)));
        }
        System.arraycopy(chunk, start, line, length, n);
        length += n;
    }

    private boolean fill() throws IOException {
        int n;
        do {
            n = in.read(chunk);
        } while (n == 0);
        if (n < 0) {
            return false;
        }
        bytesRead += n;
        if (bytesRead > maxBytes) {
            throw new TooLargeException();
        }
        pos = 0;
        limit = n;
        return true;
    }

    /** The stream is longer than {@code maxBytes}. */
    static final class TooLargeException extends RuntimeException {

        TooLargeException() {
            super(null, null, false, false);
        }
    }
}
