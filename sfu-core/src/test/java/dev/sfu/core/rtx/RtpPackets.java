package dev.sfu.core.rtx;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;

/** Test helpers: pooled RTP packets of a given sequence number and size. */
final class RtpPackets {
    private RtpPackets() {}

    static byte[] of(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    /** A pooled direct RTP packet: 12-byte header (PT 96, SSRC 0x1234), {@code size - 12} payload bytes. */
    static ByteBuf packet(int seq, int size) {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(size);
        buf.writeByte(0x80);
        buf.writeByte(96);
        buf.writeShort(seq);
        buf.writeInt(seq * 3000);
        buf.writeInt(0x1234);
        for (int i = 12; i < size; i++) {
            buf.writeByte(seq + i);
        }
        return buf;
    }
}
