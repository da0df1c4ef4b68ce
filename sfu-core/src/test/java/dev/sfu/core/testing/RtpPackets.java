package dev.sfu.core.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;

/**
 * RTP packets for tests (RFC 3550 §5.1 fixed header, no CSRCs or extensions unless written into the payload), in
 * pooled direct buffers as the datagram handler hands them on: the caller releases them. One builder for the room,
 * rtx and rtp tests.
 *
 * <pre>
 *   RtpPackets.packet(seq, size)                    PT 96, SSRC 0x1234, timestamp seq*3000, filler payload
 *   RtpPackets.rtp().seq(7).timestamp(90).marker(true).vp8Keyframe(3, 1).build()
 * </pre>
 */
public final class RtpPackets {
    /** The SSRC, payload type and clock step of {@link #packet}. */
    public static final long SSRC = 0x1234;
    public static final int PAYLOAD_TYPE = 96;

    private RtpPackets() {}

    public static byte[] of(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    /** A 12-byte header (PT 96, SSRC 0x1234, timestamp {@code seq * 3000}) and {@code size - 12} filler bytes. */
    public static ByteBuf packet(int seq, int size) {
        return rtp().seq(seq).timestamp(seq * 3000L).fill(size - 12).build();
    }

    /** A packet of {@code size} bytes with these header fields and filler payload. */
    public static ByteBuf packet(int seq, long timestamp, boolean marker, int size) {
        return rtp().seq(seq).timestamp(timestamp).marker(marker).fill(size - 12).build();
    }

    public static Builder rtp() {
        return new Builder();
    }

    /** Header fields, then a payload: raw bytes, filler, or a VP8 payload descriptor (RFC 7741 §4.2) and frame. */
    public static final class Builder {
        private int payloadType = PAYLOAD_TYPE;
        private int seq;
        private long timestamp;
        private long ssrc = SSRC;
        private boolean marker;
        private byte[] payload = new byte[0];

        public Builder payloadType(int value) {
            payloadType = value;
            return this;
        }

        public Builder seq(int value) {
            seq = value & 0xFFFF;
            return this;
        }

        public Builder timestamp(long value) {
            timestamp = value;
            return this;
        }

        public Builder ssrc(long value) {
            ssrc = value;
            return this;
        }

        public Builder marker(boolean value) {
            marker = value;
            return this;
        }

        public Builder payload(byte[] value) {
            payload = value;
            return this;
        }

        /** {@code length} filler bytes (byte i of the packet is {@code seq + i}, as the cache tests compare). */
        public Builder fill(int length) {
            payload = new byte[Math.max(0, length)];
            for (int i = 0; i < payload.length; i++) {
                payload[i] = (byte) (seq + 12 + i);
            }
            return this;
        }

        /**
         * A VP8 payload: descriptor with X, S (start of partition 0 when {@code frameStart}), a 15-bit picture id,
         * TL0PICIDX and TID; then a 10-byte VP8 frame header, a keyframe of 640x360 when {@code keyframe} (P = 0,
         * start code, size), else an interframe; then {@code extra} filler bytes.
         */
        public Builder vp8(int pictureId, int tl0PicIdx, int temporalLayer, boolean frameStart, boolean keyframe,
                int extra) {
            byte[] p = new byte[6 + 10 + extra];
            p[0] = (byte) (0x80 | (frameStart ? 0x10 : 0)); // X, S, PID 0
            p[1] = (byte) 0xE0; // I, L, T
            p[2] = (byte) (0x80 | (pictureId >> 8) & 0x7F); // M: 15-bit picture id
            p[3] = (byte) pictureId;
            p[4] = (byte) tl0PicIdx;
            p[5] = (byte) (temporalLayer << 6);
            if (frameStart && keyframe) {
                p[6] = 0x10; // P = 0 (keyframe), version 0, show frame
                p[9] = (byte) 0x9d;
                p[10] = 0x01;
                p[11] = 0x2a;
                p[12] = (byte) 640;
                p[13] = (byte) (640 >> 8);
                p[14] = (byte) 360;
                p[15] = (byte) (360 >> 8);
            } else {
                p[6] = 0x11; // P = 1
            }
            for (int i = 16; i < p.length; i++) {
                p[i] = (byte) i;
            }
            payload = p;
            return this;
        }

        public ByteBuf build() {
            ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(12 + payload.length);
            buf.writeByte(0x80);
            buf.writeByte((marker ? 0x80 : 0) | payloadType);
            buf.writeShort(seq);
            buf.writeInt((int) timestamp);
            buf.writeInt((int) ssrc);
            buf.writeBytes(payload);
            return buf;
        }
    }
}
