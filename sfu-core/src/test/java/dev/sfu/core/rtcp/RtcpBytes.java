package dev.sfu.core.rtcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.List;

/** Test helpers: byte arrays from int literals, parse from exact-capacity buffers, encode to arrays. */
final class RtcpBytes {
    private RtcpBytes() {}

    static byte[] of(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    /**
     * Parses {@code bytes} placed after 3 unrelated bytes, in a buffer whose capacity ends with the
     * packet, and checks that the indexes did not move.
     */
    static List<RtcpPacket> parse(byte[] bytes) throws RtcpException {
        byte[] all = new byte[3 + bytes.length];
        System.arraycopy(bytes, 0, all, 3, bytes.length);
        ByteBuf buf = Unpooled.wrappedBuffer(all);
        buf.readerIndex(3);
        try {
            return RtcpCompound.parse(buf);
        } finally {
            assertEquals(3, buf.readerIndex());
            assertEquals(all.length, buf.writerIndex());
            buf.release();
        }
    }

    static RtcpPacket parseSingle(byte[] bytes) throws RtcpException {
        List<RtcpPacket> packets = parse(bytes);
        assertEquals(1, packets.size());
        return packets.get(0);
    }

    static byte[] encode(List<? extends RtcpPacket> packets) {
        ByteBuf buf = RtcpCompound.encode(PooledByteBufAllocator.DEFAULT, packets);
        try {
            assertEquals(RtcpCompound.encodedLength(packets), buf.readableBytes());
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    /** Encodes one packet through writeTo and checks encodedLength. */
    static byte[] encode(RtcpPacket packet) {
        ByteBuf buf = Unpooled.buffer();
        try {
            packet.writeTo(buf);
            assertEquals(packet.encodedLength(), buf.readableBytes());
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    /** Parses, re-encodes and compares byte for byte; returns the parsed packet. */
    static RtcpPacket roundTrip(byte[] bytes) throws RtcpException {
        RtcpPacket packet = parseSingle(bytes);
        assertArrayEquals(bytes, encode(packet));
        assertEquals(packet, parseSingle(encode(packet)));
        return packet;
    }
}
