package dev.sfu.core.srtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.function.Function;

/** Runs a transform on a pooled buffer (heap or direct) and returns the resulting bytes; releases it. */
final class Packets {
    static final int TAILROOM = 64;

    private Packets() {}

    record Outcome(SrtpResult result, byte[] bytes) {}

    static Outcome run(byte[] input, boolean direct, Function<ByteBuf, SrtpResult> op) {
        ByteBuf buf = direct
                ? PooledByteBufAllocator.DEFAULT.directBuffer(input.length + TAILROOM)
                : PooledByteBufAllocator.DEFAULT.heapBuffer(input.length + TAILROOM);
        try {
            buf.writeBytes(input);
            SrtpResult result = op.apply(buf);
            return new Outcome(result, ByteBufUtil.getBytes(buf));
        } finally {
            buf.release();
        }
    }

    /** A version-2 RTP packet with the given fields and {@code payloadLength} bytes of pattern. */
    static byte[] rtp(int seq, int ssrc, int payloadLength) {
        byte[] p = new byte[12 + payloadLength];
        p[0] = (byte) 0x80;
        p[1] = 96;
        p[2] = (byte) (seq >>> 8);
        p[3] = (byte) seq;
        p[4] = 0x12;
        p[7] = (byte) seq;
        SrtpTransform.putInt(p, 8, ssrc);
        for (int i = 12; i < p.length; i++) {
            p[i] = (byte) (i * 7 + seq);
        }
        return p;
    }

    /** An RTCP receiver report-like packet from {@code ssrc} with {@code words} extra 32-bit words. */
    static byte[] rtcp(int ssrc, int words) {
        byte[] p = new byte[8 + 4 * words];
        p[0] = (byte) 0x81;
        p[1] = (byte) 201;
        p[3] = (byte) (1 + words);
        SrtpTransform.putInt(p, 4, ssrc);
        for (int i = 8; i < p.length; i++) {
            p[i] = (byte) (i * 13);
        }
        return p;
    }
}
