package dev.sfu.core.sctp;

/** Constants and field checks shared by the chunk and parameter codecs. */
final class ChunkHeader {
    /** Chunk Type, Chunk Flags and Chunk Length (RFC 9260 §3.2); a parameter's Type and Length too. */
    static final int LENGTH = 4;
    /** Chunk and parameter lengths are 16-bit and count the 4-byte header. */
    static final int MAX_VALUE_LENGTH = 0xFFFF - LENGTH;

    private ChunkHeader() {}

    static int padded(int length) {
        return (length + 3) & ~3;
    }

    static long checkU32(String name, long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(name + " out of unsigned 32-bit range: " + value);
        }
        return value;
    }

    static int checkRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " out of range [" + min + ", " + max + "]: " + value);
        }
        return value;
    }

    static int checkU16(String name, int value) {
        return checkRange(name, value, 0, 0xFFFF);
    }

    static void checkValueLength(String name, long valueLength) {
        if (valueLength > MAX_VALUE_LENGTH) {
            throw new IllegalArgumentException(name + " longer than a 16-bit length allows: " + valueLength);
        }
    }
}
