package dev.sfu.loadtest;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/**
 * The content of a load-test data message, so that a receiver can tell whose message it is, which one, and
 * whether the relay changed a byte:
 *
 * <pre>
 *   0       4               12      16
 *   | sender | sequence      | CRC32 | filler ...                  |
 *   sender: the sending participant's index in the run; sequence: its message counter from 0;
 *   CRC32 over everything but the CRC itself; filler: a fixed pseudo-random run rotated by the sequence, so
 *   that two messages of a sender differ everywhere.
 * </pre>
 *
 * <p>Stateless apart from the shared filler (read only): safe from any thread.
 */
final class DataPayload {
    static final int HEADER = 16;
    private static final byte[] FILLER = filler(64 * 1024 + 7); // odd length: rotations do not repeat each KiB

    /** What a received message said: {@code intact} false when too short or its CRC did not match. */
    record Checked(boolean intact, int sender, long sequence) {
        static final Checked CORRUPT = new Checked(false, -1, -1);
    }

    private DataPayload() {}

    /** A message of {@code size} bytes (at least {@link #HEADER}) from {@code sender}, number {@code sequence}. */
    static byte[] encode(int sender, long sequence, int size) {
        byte[] m = new byte[Math.max(HEADER, size)];
        ByteBuffer.wrap(m).putInt(sender).putLong(sequence);
        int from = (int) Math.floorMod(sequence * 131, (long) FILLER.length);
        for (int at = HEADER; at < m.length; ) {
            int n = Math.min(m.length - at, FILLER.length - from);
            System.arraycopy(FILLER, from, m, at, n);
            at += n;
            from = 0;
        }
        ByteBuffer.wrap(m).putInt(12, crc(m));
        return m;
    }

    static Checked check(byte[] m) {
        if (m.length < HEADER) {
            return Checked.CORRUPT;
        }
        ByteBuffer b = ByteBuffer.wrap(m);
        if (b.getInt(12) != crc(m)) {
            return Checked.CORRUPT;
        }
        return new Checked(true, b.getInt(0), b.getLong(4));
    }

    private static int crc(byte[] m) {
        CRC32 crc = new CRC32();
        crc.update(m, 0, 12);
        crc.update(m, HEADER, m.length - HEADER);
        return (int) crc.getValue();
    }

    private static byte[] filler(int length) {
        byte[] f = new byte[length];
        long x = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < length; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            f[i] = (byte) x;
        }
        return f;
    }
}
