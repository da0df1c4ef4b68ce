package dev.sfu.core.rtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class RtxPacketTest {

    static final byte[] RTX = Bytes.of(
            0xB0,                   // V=2, P=1, X=1, CC=0
            0x80 | 97,              // M=1, PT=97 (rtx)
            0x13, 0x88,             // RTX sequence number 5000
            0x00, 0x01, 0x00, 0x00, // timestamp 65536
            0x00, 0x00, 0x0B, 0xB8, // RTX SSRC 3000
            0xBE, 0xDE, 0x00, 0x01, // one-byte extension, 1 word
            0x10, 0x07, 0x00, 0x00, // id=1 L=0 value 7, padding
            0x00, 0x64,             // OSN 100
            0xAA, 0xBB, 0xCC,       // original payload
            0x00, 0x00, 0x03);      // RTX padding, count 3

    @Test
    void readsOriginalSequenceNumber() {
        ByteBuf buf = Bytes.exact(RTX, 2);
        try {
            assertEquals(100, RtxPacket.originalSequenceNumber(buf));
        } finally {
            buf.release();
        }
    }

    @Test
    void unwrapRestoresOriginalPacket() {
        ByteBuf rtx = Bytes.exact(RTX, 2);
        ByteBuf dst = Unpooled.buffer();
        try {
            assertEquals(23, RtxPacket.unwrap(rtx, dst, 96, 0xFFFFFFF0L));
            assertArrayEquals(Bytes.of(
                    0x90,                   // V=2, P=0 (RTX padding dropped), X=1, CC=0
                    0x80 | 96,              // M=1, original PT=96
                    0x00, 0x64,             // original sequence number 100
                    0x00, 0x01, 0x00, 0x00, // timestamp unchanged
                    0xFF, 0xFF, 0xFF, 0xF0, // original SSRC
                    0xBE, 0xDE, 0x00, 0x01, // extension block kept
                    0x10, 0x07, 0x00, 0x00,
                    0xAA, 0xBB, 0xCC),      // original payload
                    Bytes.readable(dst));
        } finally {
            rtx.release();
            dst.release();
        }
    }

    @Test
    void rtxWithoutOsnIsMalformed() {
        ByteBuf rtx = Bytes.exact(Bytes.of(0x80, 97, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0x00));
        ByteBuf dst = Unpooled.buffer();
        try {
            assertEquals(-1, RtxPacket.originalSequenceNumber(rtx));
            assertEquals(-1, RtxPacket.unwrap(rtx, dst, 96, 1));
            assertEquals(0, dst.readableBytes());
        } finally {
            rtx.release();
            dst.release();
        }
    }
}
