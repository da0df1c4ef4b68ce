package dev.sfu.core.rtx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfu.core.rtp.RtxPacket;
import dev.sfu.core.testing.RtpPackets;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class RtxPacketizerTest {
    /** A publisher's packet: one CSRC, a header extension, padding. */
    static final byte[] SOURCE = RtpPackets.of(
            0xB1,                   // V=2, P=1, X=1, CC=1
            0x80 | 96,              // M=1, PT=96
            0x00, 0x0A,             // sequence number 10 (the publisher's)
            0x00, 0x00, 0x03, 0xE8, // timestamp 1000 (the publisher's)
            0x00, 0x00, 0x00, 0x05, // SSRC 5
            0x00, 0x00, 0x00, 0x07, // CSRC 7
            0xBE, 0xDE, 0x00, 0x01, // one-byte extensions, 1 word
            0x10, 0xAA, 0x00, 0x00, // id 1, 1 byte; padding
            0x11, 0x22, 0x33,       // payload
            0x00, 0x02);            // padding, count 2

    @Test
    void wrapsWithOsnInFrontOfThePayload() {
        RtxPacketizer rtx = new RtxPacketizer(0xCAFEBABEL, 97, 65535);
        ByteBuf source = Unpooled.wrappedBuffer(SOURCE);
        ByteBuf out = rtx.packetize(source, 0x1234, 0x89ABCDEFL, PooledByteBufAllocator.DEFAULT, 20);
        try {
            assertArrayEquals(RtpPackets.of(
                    0x81,                   // V=2, P=0, X=0 (extensions left out), CC=1
                    0x80 | 97,              // marker kept, RTX PT 97
                    0xFF, 0xFF,             // RTX sequence number 65535
                    0x89, 0xAB, 0xCD, 0xEF, // the timestamp the receiver saw
                    0xCA, 0xFE, 0xBA, 0xBE, // RTX SSRC
                    0x00, 0x00, 0x00, 0x07, // CSRC kept
                    0x12, 0x34,             // OSN: the sequence number the receiver saw
                    0x11, 0x22, 0x33),      // original payload, padding dropped
                    ByteBufUtil.getBytes(out));
            assertTrue(out.writableBytes() >= 20, "tailroom for the SRTP tag");
            assertEquals(0x1234, RtxPacket.originalSequenceNumber(out));
            assertEquals(0, rtx.nextSequence()); // wrapped
        } finally {
            out.release();
            source.release();
        }
    }

    @Test
    void keepsTheReceiversExtensionsAtTheSameOffsetWhenAsked() {
        RtxPacketizer rtx = new RtxPacketizer(0xCAFEBABEL, 97, 7);
        ByteBuf source = Unpooled.wrappedBuffer(SOURCE);
        ByteBuf out = rtx.packetize(source, 0x1234, 0x89ABCDEFL, PooledByteBufAllocator.DEFAULT, 0, true);
        try {
            assertArrayEquals(RtpPackets.of(
                    0x91,                   // V=2, P=0, X=1 (extensions kept), CC=1
                    0x80 | 97,
                    0x00, 0x07,
                    0x89, 0xAB, 0xCD, 0xEF,
                    0xCA, 0xFE, 0xBA, 0xBE,
                    0x00, 0x00, 0x00, 0x07, // CSRC kept
                    0xBE, 0xDE, 0x00, 0x01, // the extension block, byte for byte, at offset 16 as in the source
                    0x10, 0xAA, 0x00, 0x00,
                    0x12, 0x34,             // OSN
                    0x11, 0x22, 0x33),      // payload, padding dropped
                    ByteBufUtil.getBytes(out));
        } finally {
            out.release();
            source.release();
        }
    }

    @Test
    void consecutivePacketsTakeConsecutiveRtxSequenceNumbers() {
        RtxPacketizer rtx = new RtxPacketizer(1, 97, 100);
        ByteBuf source = RtpPackets.packet(5, 40);
        try {
            for (int i = 0; i < 3; i++) {
                ByteBuf out = rtx.packetize(source, 5, 0, PooledByteBufAllocator.DEFAULT, 0);
                assertEquals(100 + i, out.getUnsignedShort(2));
                assertEquals(12 + 2 + 28, out.readableBytes());
                out.release();
            }
        } finally {
            source.release();
        }
    }

    @Test
    void malformedSourceGivesNull() {
        ByteBuf source = Unpooled.wrappedBuffer(RtpPackets.of(0x80, 96, 0, 1));
        try {
            assertNull(new RtxPacketizer(1, 97, 0).packetize(source, 1, 0, PooledByteBufAllocator.DEFAULT, 0));
        } finally {
            source.release();
        }
    }
}
