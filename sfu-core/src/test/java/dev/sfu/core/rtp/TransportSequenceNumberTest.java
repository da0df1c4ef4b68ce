package dev.sfu.core.rtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The transport-wide sequence number extension (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2). */
class TransportSequenceNumberTest {
    /** A publisher's packet with two extension elements (mid "0" id 4, abs-send-time id 2) and 3 bytes of payload. */
    private static final byte[] SOURCE = Bytes.of(
            0x90, 0x60, 0x12, 0x34,             // V=2 X=1, PT 96, seq 0x1234
            0x00, 0x00, 0x10, 0x00,             // timestamp 4096
            0xCA, 0xFE, 0xBA, 0xBE,             // SSRC
            0xBE, 0xDE, 0x00, 0x02,             // one-byte extensions, 2 words
            0x40, '0', 0x22, 0x01, 0x02, 0x03, 0x00, 0x00, // mid "0"; abs-send-time 0x010203; padding
            0xAA, 0xBB, 0xCC);                  // payload

    @Test
    void copyReplacesTheExtensionsWithOneTransportSequenceElement() {
        ByteBuf src = Bytes.exact(SOURCE);
        ByteBuf dst = Unpooled.buffer(64);
        int field = RtpPacket.copyWithOneExtension(src, dst, 5, 2, 0);
        assertEquals(17, field, "after the 12-byte header, the 4-byte block header and the element's id byte");
        TransportSequenceNumber.set(dst, field, 0xABCD);
        assertArrayEquals(Bytes.of(
                0x90, 0x60, 0x12, 0x34,
                0x00, 0x00, 0x10, 0x00,
                0xCA, 0xFE, 0xBA, 0xBE,
                0xBE, 0xDE, 0x00, 0x01,             // one word of extensions
                0x51, 0xAB, 0xCD, 0x00,             // id 5, L=1 (two bytes): 0xABCD; one padding byte
                0xAA, 0xBB, 0xCC), Bytes.readable(dst));
        assertEquals(0xABCD, TransportSequenceNumber.read(dst, 5));
        assertEquals(3, RtpPacket.payloadLength(dst));
        assertEquals(TransportSequenceNumber.BLOCK_LENGTH, dst.readableBytes() - 15);
    }

    @Test
    void copySetsTheExtensionBitOnAPacketWithoutExtensions() {
        ByteBuf src = Bytes.exact(Bytes.of(0x80, 0x60, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0x77));
        ByteBuf dst = Unpooled.buffer(32);
        int field = RtpPacket.copyWithOneExtension(src, dst, 14, 2, 0);
        TransportSequenceNumber.set(dst, field, 65_535);
        assertEquals(0x90, dst.getUnsignedByte(0));
        assertEquals(65_535, TransportSequenceNumber.read(dst, 14));
        assertEquals(0x77, dst.getUnsignedByte(RtpPacket.payloadOffset(dst)));
    }

    @Test
    void readIsMinusOneWhenAbsentOrTooShort() {
        ByteBuf src = Bytes.exact(SOURCE);
        assertEquals(-1, TransportSequenceNumber.read(src, 7), "no element 7");
        assertEquals(-1, TransportSequenceNumber.read(src, 4), "element 4 has one byte only");
        assertEquals(-1, TransportSequenceNumber.read(Bytes.exact(Bytes.of(0x80, 0x60, 0, 1)), 5), "truncated");
    }

    @Test
    void readNeverThrowsOnRandomOrTruncatedBytes() {
        Random random = new Random(5);
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = new byte[random.nextInt(40)];
            random.nextBytes(bytes);
            if (bytes.length > 0 && random.nextBoolean()) {
                bytes[0] = (byte) (0x90 | (bytes[0] & 0x0F));
            }
            int read = TransportSequenceNumber.read(Bytes.exact(bytes, 3), 1 + random.nextInt(14));
            assertTrue(read >= -1 && read <= 0xFFFF);
        }
        for (int cut = 0; cut < SOURCE.length; cut++) {
            byte[] truncated = java.util.Arrays.copyOf(SOURCE, cut);
            assertTrue(TransportSequenceNumber.read(Bytes.exact(truncated), 2) >= -1);
        }
    }

    @Test
    void paddingPacketIsPaddingOnlyWithTheSequenceField() {
        ByteBuf out = Unpooled.buffer(64);
        int field = PaddingPacket.write(out, 96, 0x0102, 0x0A0B0C0DL, 0xCAFEBABEL, 3, 5);
        TransportSequenceNumber.set(out, field, 0x7788);
        assertArrayEquals(Bytes.of(
                0xB0, 0x60, 0x01, 0x02,             // V=2 P=1 X=1, PT 96, seq 0x0102
                0x0A, 0x0B, 0x0C, 0x0D,             // timestamp
                0xCA, 0xFE, 0xBA, 0xBE,             // SSRC
                0xBE, 0xDE, 0x00, 0x01,
                0x31, 0x77, 0x88, 0x00,             // id 3: transport-wide seq 0x7788
                0x00, 0x00, 0x00, 0x00, 0x05),      // 5 bytes of padding, the last one counting them
                Bytes.readable(out));
        assertEquals(PaddingPacket.length(5), out.readableBytes());
        assertEquals(0, RtpPacket.payloadLength(out));
        assertEquals(5, RtpPacket.paddingLength(out));
        assertEquals(0x7788, TransportSequenceNumber.read(out, 3));
    }
}
