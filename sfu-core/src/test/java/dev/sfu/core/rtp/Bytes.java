package dev.sfu.core.rtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

/** Test helpers: byte arrays written as int literals, and exact-capacity buffers. */
final class Bytes {
    private Bytes() {}

    static byte[] of(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    /**
     * A buffer whose capacity ends where the packet ends, with {@code prefix} unrelated bytes before the
     * reader index, so a read past the packet throws.
     */
    static ByteBuf exact(byte[] packet, int prefix) {
        byte[] all = new byte[prefix + packet.length];
        java.util.Arrays.fill(all, 0, prefix, (byte) 0xEE);
        System.arraycopy(packet, 0, all, prefix, packet.length);
        ByteBuf buf = Unpooled.wrappedBuffer(all);
        buf.readerIndex(prefix);
        return buf;
    }

    static ByteBuf exact(byte[] packet) {
        return exact(packet, 0);
    }

    static byte[] readable(ByteBuf buf) {
        return ByteBufUtil.getBytes(buf);
    }
}
