package dev.sfu.peer;

import io.netty.buffer.ByteBuf;
import java.util.zip.CRC32;

/**
 * The test data a {@link JavaPeer} puts in each payload (after the VP8 descriptor and headers for video, after
 * the Opus TOC byte for audio), so that a receiver can check who sent a packet, that its bytes arrived intact,
 * and how long it took.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          magic 0x5346         |     kind      |     layer     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           sender id                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 counter (packets of this stream)              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                send time, System.nanoTime() (64 bits)         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 filler bytes (counter + i) ...                |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          CRC-32 of every stamp byte before this field         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>An instance holds a reusable CRC and scratch array, so it is confined to one thread (the peer's loop);
 * the static readers are stateless.
 */
final class PayloadStamp {
    static final int MAGIC = 0x5346;
    static final int HEADER = 20;
    /** The shortest stamp: the header and the CRC. */
    static final int LENGTH = HEADER + 4;
    static final int KIND_AUDIO = 0;
    static final int KIND_VIDEO = 1;

    private final CRC32 crc = new CRC32();
    private byte[] scratch = new byte[2048];

    /** Appends a stamp of exactly {@code length} bytes (at least {@link #LENGTH}) at the writer index. */
    void write(ByteBuf out, int kind, int senderId, long counter, long sendNanos, int length) {
        write(out, kind, 0, senderId, counter, sendNanos, length);
    }

    /** As above, naming the simulcast layer (0 = lowest or only) the packet was sent on. */
    void write(ByteBuf out, int kind, int layer, int senderId, long counter, long sendNanos, int length) {
        if (length < LENGTH) {
            throw new IllegalArgumentException("stamp needs " + LENGTH + " bytes, got " + length);
        }
        int start = out.writerIndex();
        out.writeShort(MAGIC);
        out.writeByte(kind);
        out.writeByte(layer);
        out.writeInt(senderId);
        out.writeInt((int) counter);
        out.writeLong(sendNanos);
        for (int i = HEADER; i < length - 4; i++) {
            out.writeByte((int) (counter + i));
        }
        out.writeInt((int) crcOf(out, start, length - 4));
    }

    /** True when the bytes hold a stamp whose CRC matches. */
    boolean verify(ByteBuf buf, int offset, int length) {
        if (length < LENGTH || buf.getUnsignedShort(offset) != MAGIC) {
            return false;
        }
        return crcOf(buf, offset, length - 4) == buf.getUnsignedInt(offset + length - 4);
    }

    private long crcOf(ByteBuf buf, int offset, int length) {
        if (scratch.length < length) {
            scratch = new byte[Math.max(length, scratch.length * 2)];
        }
        buf.getBytes(offset, scratch, 0, length);
        crc.reset();
        crc.update(scratch, 0, length);
        return crc.getValue();
    }

    static int kind(ByteBuf buf, int offset) {
        return buf.getUnsignedByte(offset + 2);
    }

    static int layer(ByteBuf buf, int offset) {
        return buf.getUnsignedByte(offset + 3);
    }

    static int senderId(ByteBuf buf, int offset) {
        return buf.getInt(offset + 4);
    }

    static long counter(ByteBuf buf, int offset) {
        return buf.getUnsignedInt(offset + 8);
    }

    static long sendNanos(ByteBuf buf, int offset) {
        return buf.getLong(offset + 12);
    }
}
