package dev.sfu.core.rtp;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random bytes and every truncation of valid packets, each in a buffer whose capacity ends where the
 * packet ends: any read outside it would throw IndexOutOfBoundsException and fail the test.
 */
class RtpFuzzTest {

    static final List<byte[]> SEEDS = List.of(
            RtpPacketTest.WITH_CSRCS,
            RtpPacketTest.ONE_BYTE_EXTENSIONS,
            RtpPacketTest.TWO_BYTE_EXTENSIONS,
            RtpPacketTest.WITH_PADDING,
            RtxPacketTest.RTX);

    @Test
    void everyTruncationOfValidPacketsIsSafe() {
        for (byte[] seed : SEEDS) {
            for (int n = 0; n <= seed.length; n++) {
                byte[] cut = java.util.Arrays.copyOf(seed, n);
                exercise(cut);
                if (n < 12) {
                    assertEquals(-1, headerLength(cut), "truncated to " + n);
                }
            }
        }
    }

    @Test
    void truncatedPaddedPacketsAreRejected() {
        byte[] seed = RtpPacketTest.WITH_PADDING;
        for (int n = 0; n < seed.length; n++) {
            assertEquals(-1, headerLength(java.util.Arrays.copyOf(seed, n)), "truncated to " + n);
        }
    }

    @Test
    void randomBytesAreSafe() {
        Random random = new Random(0x5EED);
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = new byte[random.nextInt(64)];
            random.nextBytes(bytes);
            if (bytes.length > 0 && random.nextBoolean()) {
                bytes[0] = (byte) (0x80 | (bytes[0] & 0x3F)); // version 2, so parsing goes deeper
            }
            if (bytes.length > 13 && random.nextBoolean()) {
                bytes[12] = (byte) 0xBE;
                bytes[13] = (byte) 0xDE;
            }
            exercise(bytes);
        }
    }

    @Test
    void randomPayloadsAreSafeForCodecParsers() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = new byte[random.nextInt(24)];
            random.nextBytes(bytes);
            ByteBuf buf = Bytes.exact(bytes, 1);
            try {
                assertDoesNotThrow(() -> codecs(buf, 1, bytes.length));
            } finally {
                buf.release();
            }
        }
    }

    private static int headerLength(byte[] bytes) {
        ByteBuf buf = Bytes.exact(bytes);
        try {
            return RtpPacket.headerLength(buf);
        } finally {
            buf.release();
        }
    }

    private static void exercise(byte[] bytes) {
        ByteBuf buf = Bytes.exact(bytes, 2);
        ByteBuf dst = Unpooled.buffer();
        try {
            assertDoesNotThrow(() -> {
                RtpPacket.isRtpOrRtcp(buf);
                RtpPacket.isRtcp(buf);
                int header = RtpPacket.headerLength(buf);
                for (int id = 0; id < 256; id++) {
                    long found = RtpPacket.findExtension(buf, id);
                    if (found >= 0) {
                        int off = RtpPacket.extensionOffset(found);
                        assertTrue(off >= buf.readerIndex() && off + RtpPacket.extensionLength(found) <= buf.writerIndex());
                    }
                }
                int written = RtpPacket.copyWithoutExtensions(buf, dst);
                RtxPacket.originalSequenceNumber(buf);
                RtxPacket.unwrap(buf, dst, 96, 1);
                if (header >= 0) {
                    assertTrue(written > 0);
                    RtpPacket.marker(buf);
                    RtpPacket.sequenceNumber(buf);
                    RtpPacket.ssrc(buf);
                    int off = RtpPacket.payloadOffset(buf);
                    int len = RtpPacket.payloadLength(buf);
                    assertTrue(len >= 0 && off + len <= buf.writerIndex());
                    codecs(buf, off, len);
                } else {
                    assertEquals(-1, written);
                    assertEquals(-1, RtpPacket.payloadLength(buf));
                }
            });
        } finally {
            buf.release();
            dst.release();
        }
    }

    private static void codecs(ByteBuf buf, int off, int len) {
        Vp8PayloadDescriptor.descriptorLength(buf, off, len);
        Vp8PayloadDescriptor.isStartOfFrame(buf, off, len);
        Vp8PayloadDescriptor.isKeyframe(buf, off, len);
        Vp8PayloadDescriptor.keyframeWidth(buf, off, len);
        Vp8PayloadDescriptor.keyframeHeight(buf, off, len);
        Vp8PayloadDescriptor.pictureId(buf, off, len);
        Vp8PayloadDescriptor.tl0PicIdx(buf, off, len);
        Vp8PayloadDescriptor.temporalLayerId(buf, off, len);
        Vp8PayloadDescriptor.layerSync(buf, off, len);
        Vp8PayloadDescriptor.keyIndex(buf, off, len);
        Vp8PayloadDescriptor.setPictureId(buf, off, len, 7);
        Vp8PayloadDescriptor.setTl0PicIdx(buf, off, len, 7);
        H264Payload.isKeyframe(buf, off, len);
    }
}
