package dev.sfu.core.rtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RtpPacketTest {

    static final byte[] WITH_CSRCS = Bytes.of(
            0x82,                   // V=2, P=0, X=0, CC=2
            0xE0,                   // M=1, PT=96
            0xFF, 0xFE,             // sequence number 65534
            0xDE, 0xAD, 0xBE, 0xEF, // timestamp 0xDEADBEEF
            0xCA, 0xFE, 0xBA, 0xBE, // SSRC 0xCAFEBABE
            0x00, 0x00, 0x00, 0x01, // CSRC 1
            0x00, 0x00, 0x00, 0x02, // CSRC 2
            0x01, 0x02, 0x03);      // payload

    static final byte[] ONE_BYTE_EXTENSIONS = Bytes.of(
            0x90,                   // V=2, P=0, X=1, CC=0
            0x6F,                   // M=0, PT=111
            0x00, 0x10,             // sequence number 16
            0x00, 0x00, 0x03, 0xE8, // timestamp 1000
            0x00, 0x00, 0x00, 0x2A, // SSRC 42
            0xBE, 0xDE,             // one-byte profile
            0x00, 0x02,             // length: 2 words
            0x10, 0xAB,             // id=1, L=0: 1 byte 0xAB
            0x00,                   // padding byte
            0x32, 0x61, 0x62, 0x63, // id=3, L=2: "abc"
            0x00,                   // padding to the word
            0xF0, 0x0D);            // payload

    static final byte[] TWO_BYTE_EXTENSIONS = Bytes.of(
            0x90,                   // V=2, P=0, X=1, CC=0
            0x6F,                   // M=0, PT=111
            0x00, 0x11,             // sequence number 17
            0x00, 0x00, 0x07, 0xD0, // timestamp 2000
            0x00, 0x00, 0x00, 0x2A, // SSRC 42
            0x10, 0x00,             // two-byte profile, appbits 0
            0x00, 0x02,             // length: 2 words
            0x01, 0x00,             // id=1, length 0
            0x14, 0x03, 0x78, 0x79, 0x7A, // id=20, length 3: "xyz"
            0x00,                   // padding
            0xF0, 0x0D);            // payload

    static final byte[] WITH_PADDING = Bytes.of(
            0xA0,                   // V=2, P=1, X=0, CC=0
            0x08,                   // M=0, PT=8
            0x12, 0x34,             // sequence number 0x1234
            0x00, 0x00, 0x00, 0x00, // timestamp 0
            0xFF, 0xFF, 0xFF, 0xFF, // SSRC 0xFFFFFFFF
            0x11, 0x22, 0x33, 0x44, // payload
            0x00, 0x00, 0x00, 0x04); // padding, count 4

    @Test
    void readsFixedHeaderAndCsrcs() {
        ByteBuf buf = Bytes.exact(WITH_CSRCS, 5);
        try {
            assertEquals(20, RtpPacket.headerLength(buf));
            assertEquals(2, RtpPacket.version(buf));
            assertFalse(RtpPacket.hasPadding(buf));
            assertFalse(RtpPacket.hasExtension(buf));
            assertEquals(2, RtpPacket.csrcCount(buf));
            assertEquals(1L, RtpPacket.csrc(buf, 0));
            assertEquals(2L, RtpPacket.csrc(buf, 1));
            assertTrue(RtpPacket.marker(buf));
            assertEquals(96, RtpPacket.payloadType(buf));
            assertEquals(65534, RtpPacket.sequenceNumber(buf));
            assertEquals(0xDEADBEEFL, RtpPacket.timestamp(buf));
            assertEquals(0xCAFEBABEL, RtpPacket.ssrc(buf));
            assertEquals(0, RtpPacket.paddingLength(buf));
            assertEquals(5 + 20, RtpPacket.payloadOffset(buf));
            assertEquals(3, RtpPacket.payloadLength(buf));
            assertEquals(-1, RtpPacket.findExtension(buf, 1));
            assertEquals(5, buf.readerIndex());
            assertEquals(5 + WITH_CSRCS.length, buf.writerIndex());
        } finally {
            buf.release();
        }
    }

    @Test
    void findsOneByteExtensions() {
        ByteBuf buf = Bytes.exact(ONE_BYTE_EXTENSIONS, 3);
        try {
            assertEquals(24, RtpPacket.headerLength(buf));
            assertTrue(RtpPacket.hasExtension(buf));
            assertFalse(RtpPacket.marker(buf));
            assertEquals(111, RtpPacket.payloadType(buf));
            long first = RtpPacket.findExtension(buf, 1);
            assertEquals(3 + 17, RtpPacket.extensionOffset(first));
            assertEquals(1, RtpPacket.extensionLength(first));
            assertEquals(0xAB, buf.getUnsignedByte(RtpPacket.extensionOffset(first)));
            long third = RtpPacket.findExtension(buf, 3);
            assertEquals(3 + 20, RtpPacket.extensionOffset(third));
            assertEquals(3, RtpPacket.extensionLength(third));
            assertEquals(-1, RtpPacket.findExtension(buf, 2));
            assertEquals(-1, RtpPacket.findExtension(buf, 15));
            assertEquals(-1, RtpPacket.findExtension(buf, 0));
            assertEquals(3 + 24, RtpPacket.payloadOffset(buf));
            assertEquals(2, RtpPacket.payloadLength(buf));
        } finally {
            buf.release();
        }
    }

    @Test
    void findsTwoByteExtensions() {
        ByteBuf buf = Bytes.exact(TWO_BYTE_EXTENSIONS);
        try {
            assertEquals(24, RtpPacket.headerLength(buf));
            long empty = RtpPacket.findExtension(buf, 1);
            assertEquals(18, RtpPacket.extensionOffset(empty));
            assertEquals(0, RtpPacket.extensionLength(empty));
            long xyz = RtpPacket.findExtension(buf, 20);
            assertEquals(20, RtpPacket.extensionOffset(xyz));
            assertEquals(3, RtpPacket.extensionLength(xyz));
            assertEquals(-1, RtpPacket.findExtension(buf, 2));
            assertEquals(2, RtpPacket.payloadLength(buf));
        } finally {
            buf.release();
        }
    }

    @Test
    void stopsOneByteParsingAtId15() {
        byte[] packet = ONE_BYTE_EXTENSIONS.clone();
        packet[16] = (byte) 0xF0; // the first element becomes the reserved id 15
        ByteBuf buf = Bytes.exact(packet);
        try {
            assertEquals(-1, RtpPacket.findExtension(buf, 3));
        } finally {
            buf.release();
        }
    }

    @Test
    void excludesPaddingFromPayload() {
        ByteBuf buf = Bytes.exact(WITH_PADDING);
        try {
            assertEquals(12, RtpPacket.headerLength(buf));
            assertTrue(RtpPacket.hasPadding(buf));
            assertEquals(4, RtpPacket.paddingLength(buf));
            assertEquals(4, RtpPacket.payloadLength(buf));
            assertEquals(0x1234, RtpPacket.sequenceNumber(buf));
            assertEquals(0xFFFFFFFFL, RtpPacket.ssrc(buf));
        } finally {
            buf.release();
        }
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("shorter than 12 bytes", Bytes.of(0x80, 0x60, 0, 1, 0, 0, 0, 0, 0, 0, 0)),
                Arguments.of("version 1", Bytes.of(0x40, 0x60, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1)),
                Arguments.of("CSRC beyond packet", Bytes.of(0x81, 0x60, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0)),
                Arguments.of("extension header beyond packet", Bytes.of(0x90, 0x60, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0xBE)),
                Arguments.of("extension words beyond packet",
                        Bytes.of(0x90, 0x60, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0xBE, 0xDE, 0, 2, 0x10, 0, 0, 0)),
                Arguments.of("padding count 0", Bytes.of(0xA0, 0x60, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 7, 0)),
                Arguments.of("padding beyond payload", Bytes.of(0xA0, 0x60, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 7, 3)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejectsMalformedHeader(String name, byte[] packet) {
        ByteBuf buf = Bytes.exact(packet);
        try {
            assertEquals(-1, RtpPacket.headerLength(buf));
            assertEquals(-1, RtpPacket.payloadOffset(buf));
            assertEquals(-1, RtpPacket.findExtension(buf, 1));
            ByteBuf dst = Unpooled.buffer();
            try {
                assertEquals(-1, RtpPacket.copyWithoutExtensions(buf, dst));
                assertEquals(0, dst.readableBytes());
            } finally {
                dst.release();
            }
        } finally {
            buf.release();
        }
    }

    @Test
    void settersRewriteFieldsInPlace() {
        ByteBuf buf = Bytes.exact(WITH_CSRCS, 2);
        try {
            RtpPacket.setMarker(buf, false);
            RtpPacket.setPayloadType(buf, 100);
            RtpPacket.setSequenceNumber(buf, 0x0102);
            RtpPacket.setTimestamp(buf, 0xFFFFFFFEL);
            RtpPacket.setSsrc(buf, 0x11223344L);
            assertArrayEquals(Bytes.of(
                    0x82,                   // unchanged
                    0x64,                   // M=0, PT=100
                    0x01, 0x02,             // sequence number 0x0102
                    0xFF, 0xFF, 0xFF, 0xFE, // timestamp
                    0x11, 0x22, 0x33, 0x44, // SSRC
                    0x00, 0x00, 0x00, 0x01, // CSRC 1
                    0x00, 0x00, 0x00, 0x02, // CSRC 2
                    0x01, 0x02, 0x03),      // payload
                    Bytes.readable(buf));
            RtpPacket.setMarker(buf, true);
            assertTrue(RtpPacket.marker(buf));
            assertEquals(100, RtpPacket.payloadType(buf));
        } finally {
            buf.release();
        }
    }

    @Test
    void copyWithoutExtensionsDropsTheBlockAndClearsX() {
        byte[] packet = Bytes.of(
                0xB1,                   // V=2, P=1, X=1, CC=1
                0x80 | 96,              // M=1, PT=96
                0x00, 0x05,             // sequence number 5
                0x00, 0x00, 0x00, 0x09, // timestamp 9
                0x00, 0x00, 0x00, 0x07, // SSRC 7
                0x00, 0x00, 0x00, 0x08, // CSRC 8
                0xBE, 0xDE, 0x00, 0x01, // one-byte extension, 1 word
                0x10, 0xFF, 0x00, 0x00, // id=1 L=0, padding
                0xAA, 0xBB,             // payload
                0x00, 0x02);            // padding, count 2
        ByteBuf src = Bytes.exact(packet, 1);
        ByteBuf dst = Unpooled.buffer();
        try {
            dst.writeByte(0x99); // existing content is kept
            assertEquals(20, RtpPacket.copyWithoutExtensions(src, dst));
            assertArrayEquals(Bytes.of(
                    0x99,                   // pre-existing byte
                    0xA1,                   // V=2, P=1, X=0, CC=1
                    0x80 | 96,              // M=1, PT=96
                    0x00, 0x05,             // sequence number 5
                    0x00, 0x00, 0x00, 0x09, // timestamp 9
                    0x00, 0x00, 0x00, 0x07, // SSRC 7
                    0x00, 0x00, 0x00, 0x08, // CSRC 8
                    0xAA, 0xBB,             // payload
                    0x00, 0x02),            // padding
                    Bytes.readable(dst));
            assertEquals(1, src.readerIndex());
        } finally {
            src.release();
            dst.release();
        }
    }

    @Test
    void copyWithOneExtensionReplacesTheSendersBlockWithOneWord() {
        byte[] packet = Bytes.of(
                0xB1, 0x80 | 96, 0x00, 0x05, 0x00, 0x00, 0x00, 0x09, 0x00, 0x00, 0x00, 0x07,
                0x00, 0x00, 0x00, 0x08,             // CSRC 8
                0xBE, 0xDE, 0x00, 0x02,             // the sender's block: 2 words
                0x10, 0xFF, 0x21, 0x01, 0x02, 0x00, 0x00, 0x00,
                0xAA, 0xBB, 0x00, 0x02);            // payload, padding
        for (int dataLength = 2; dataLength <= 3; dataLength++) {
            ByteBuf src = Bytes.exact(packet, 0);
            ByteBuf dst = Unpooled.buffer();
            try {
                dst.writeByte(0x99);
                int data = RtpPacket.copyWithOneExtension(src, dst, 3, dataLength, 0xABCDEF);
                assertEquals(1 + 16 + 5, data, "the element's data follows its one-byte header");
                byte[] element = dataLength == 2
                        ? Bytes.of(0x31, 0xCD, 0xEF, 0x00)  // id 3, L=1 (2 bytes): the low 16 bits, one pad byte
                        : Bytes.of(0x32, 0xAB, 0xCD, 0xEF); // id 3, L=2 (3 bytes)
                byte[] expected = new byte[1 + 16 + 4 + 4 + 4];
                System.arraycopy(Bytes.of(0x99, 0xB1, 0x80 | 96, 0x00, 0x05, 0x00, 0x00, 0x00, 0x09,
                        0x00, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00, 0x08, 0xBE, 0xDE, 0x00, 0x01), 0, expected, 0, 21);
                System.arraycopy(element, 0, expected, 21, 4);
                System.arraycopy(Bytes.of(0xAA, 0xBB, 0x00, 0x02), 0, expected, 25, 4);
                assertArrayEquals(expected, Bytes.readable(dst));
            } finally {
                src.release();
                dst.release();
            }
        }
    }

    @Test
    void copyWithoutExtensionsCopiesPacketWithoutExtensionUnchanged() {
        ByteBuf src = Bytes.exact(WITH_CSRCS);
        ByteBuf dst = Unpooled.buffer();
        try {
            assertEquals(WITH_CSRCS.length, RtpPacket.copyWithoutExtensions(src, dst));
            assertArrayEquals(WITH_CSRCS, Bytes.readable(dst));
        } finally {
            src.release();
            dst.release();
        }
    }

    @Test
    void demultiplexesOnFirstTwoBytes() {
        ByteBuf rtp = Bytes.exact(WITH_CSRCS);
        ByteBuf rtcp = Bytes.exact(Bytes.of(0x81, 0xC9, 0x00, 0x01, 0, 0, 0, 1));
        ByteBuf stun = Bytes.exact(Bytes.of(0x00, 0x01, 0x00, 0x00));
        ByteBuf dtls = Bytes.exact(Bytes.of(0x16, 0xFE, 0xFD));
        ByteBuf empty = Bytes.exact(new byte[0]);
        try {
            assertTrue(RtpPacket.isRtpOrRtcp(rtp));
            assertFalse(RtpPacket.isRtcp(rtp));
            assertTrue(RtpPacket.isRtpOrRtcp(rtcp));
            assertTrue(RtpPacket.isRtcp(rtcp));
            assertFalse(RtpPacket.isRtpOrRtcp(stun));
            assertFalse(RtpPacket.isRtpOrRtcp(dtls));
            assertFalse(RtpPacket.isRtpOrRtcp(empty));
            assertFalse(RtpPacket.isRtcp(empty));
        } finally {
            rtp.release();
            rtcp.release();
            stun.release();
            dtls.release();
            empty.release();
        }
    }
}
