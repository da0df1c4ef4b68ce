package dev.sfu.core.sctp;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable byte string (cookie, user data, unknown parameter value) so that the records holding
 * one compare by content. The array is copied in and out.
 */
public final class Bytes {
    public static final Bytes EMPTY = new Bytes(new byte[0]);

    private final byte[] bytes;

    private Bytes(byte[] bytes) {
        this.bytes = bytes;
    }

    public static Bytes of(byte... bytes) {
        return new Bytes(bytes.clone());
    }

    /** Copies {@code length} bytes at {@code offset} without moving the buffer's indexes. */
    static Bytes copyOf(ByteBuf buf, int offset, int length) {
        byte[] bytes = new byte[length];
        buf.getBytes(offset, bytes);
        return new Bytes(bytes);
    }

    /** Takes {@code bytes} without a copy: the caller hands the array over. */
    static Bytes wrap(byte[] bytes) {
        return new Bytes(bytes);
    }

    /** The array itself, not a copy: for this package's readers, which must not change it. */
    byte[] array() {
        return bytes;
    }

    public int length() {
        return bytes.length;
    }

    public byte[] toArray() {
        return bytes.clone();
    }

    void writeTo(ByteBuf out) {
        out.writeBytes(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes);
    }
}
