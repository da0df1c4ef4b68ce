package dev.sfu.core.room;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfu.core.rtp.RtpPacket;
import dev.sfu.core.rtp.Vp8PayloadDescriptor;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The array path the fan-out uses must write, byte for byte, what the ByteBuf helpers write ({@link RtpPacket}'s
 * copies and setters, {@link Vp8PayloadDescriptor}'s readers and setters): checked on random packets with CSRCs,
 * both extension forms, padding and every VP8 descriptor shape, including truncated ones.
 */
class SourcePacketTest {
    private final Random random = new Random(7741);

    @Test
    void readsWhatTheByteBufHelpersRead() {
        SourcePacket source = new SourcePacket();
        for (int i = 0; i < 5000; i++) {
            ByteBuf packet = randomPacket();
            try {
                assertTrue(source.load(packet, true));
                int offset = RtpPacket.payloadOffset(packet);
                int length = RtpPacket.payloadLength(packet);
                assertEquals(RtpPacket.sequenceNumber(packet), source.sequence());
                assertEquals(RtpPacket.timestamp(packet), source.timestamp());
                assertEquals(length, source.payloadLength());
                assertEquals(packet.readableBytes(), source.length());
                assertEquals(Vp8PayloadDescriptor.pictureId(packet, offset, length), source.pictureId(), "picture id");
                assertEquals(Vp8PayloadDescriptor.tl0PicIdx(packet, offset, length), source.tl0PicIdx(), "TL0PICIDX");
                assertEquals(Vp8PayloadDescriptor.temporalLayerId(packet, offset, length), source.temporalLayer(), "TID");
                assertEquals(RtpPacket.ssrc(packet), source.ssrc());
                for (int id = 1; id <= 15; id++) {
                    assertEquals(dev.sfu.core.rtp.TransportSequenceNumber.read(packet, id), source.extensionShort(id),
                            "extension " + id);
                }
                assertEquals(RtpPacket.payloadType(packet), source.payloadType());
                assertEquals(RtpPacket.marker(packet), source.marker());
                assertEquals(Vp8PayloadDescriptor.isKeyframe(packet, offset, length), source.vp8Keyframe(), "keyframe");
                if (source.vp8Keyframe()) {
                    assertEquals(Vp8PayloadDescriptor.keyframeWidth(packet, offset, length), source.keyframeWidth());
                    assertEquals(Vp8PayloadDescriptor.keyframeHeight(packet, offset, length), source.keyframeHeight());
                }
                assertEquals(packet, source.buffer());
            } finally {
                packet.release();
            }
        }
    }

    @Test
    void writesWhatTheByteBufHelpersWrite() {
        SourcePacket source = new SourcePacket();
        for (int i = 0; i < 5000; i++) {
            ByteBuf packet = randomPacket();
            ByteBuf expected = Unpooled.buffer();
            try {
                source.load(packet, true);
                int form = random.nextInt(3);
                int id = 1 + random.nextInt(14);
                int value = random.nextInt(1 << 24);
                int dataLength = form == 1 ? 2 : 3;
                int field = -1;
                if (form == 0) {
                    RtpPacket.copyWithoutExtensions(packet, expected);
                } else {
                    field = RtpPacket.copyWithOneExtension(packet, expected, id, dataLength, value);
                }
                int seq = random.nextInt(1 << 16);
                long timestamp = random.nextLong() & 0xFFFFFFFFL;
                long ssrc = random.nextLong() & 0xFFFFFFFFL;
                int payloadType = random.nextInt(128);
                int pictureId = random.nextBoolean() ? -1 : random.nextInt(1 << 15);
                int tl0 = random.nextBoolean() ? -1 : random.nextInt(256);
                RtpPacket.setPayloadType(expected, payloadType);
                RtpPacket.setSequenceNumber(expected, seq);
                RtpPacket.setTimestamp(expected, timestamp);
                RtpPacket.setSsrc(expected, ssrc);
                int outOffset = RtpPacket.payloadOffset(expected);
                int outLength = RtpPacket.payloadLength(expected);
                if (pictureId >= 0) {
                    Vp8PayloadDescriptor.setPictureId(expected, outOffset, outLength, pictureId);
                }
                if (tl0 >= 0) {
                    Vp8PayloadDescriptor.setTl0PicIdx(expected, outOffset, outLength, tl0);
                }

                byte[] out = new byte[source.maxCopyLength() + 7];
                Arrays.fill(out, (byte) 0x5A);
                int written = form == 0 ? source.copyTo(out, 0, 0, 0) : source.copyTo(out, id, dataLength, value);
                source.rewrite(out, written, payloadType, seq, timestamp, ssrc, pictureId, tl0);
                assertTrue(written <= source.maxCopyLength());
                assertArrayEquals(ByteBufUtil.getBytes(expected), Arrays.copyOf(out, written), "packet " + i);
                if (form != 0) {
                    assertEquals(field, source.extensionDataIndex());
                }
                assertEquals((byte) 0x5A, out[written], "nothing written past the packet");
            } finally {
                packet.release();
                expected.release();
            }
        }
    }

    @Test
    void writesTheReceiversTransportSequenceElementAsTheWireFormatSays() {
        // A publisher's packet with two elements (mid "0" id 4, abs-send-time id 2), 3 bytes of payload.
        ByteBuf packet = Unpooled.wrappedBuffer(new byte[] {
                (byte) 0x90, 0x60, 0x12, 0x34, 0x00, 0x00, 0x10, 0x00, (byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE,
                (byte) 0xBE, (byte) 0xDE, 0x00, 0x02, 0x40, '0', 0x22, 0x01, 0x02, 0x03, 0x00, 0x00,
                (byte) 0xAA, (byte) 0xBB, (byte) 0xCC});
        SourcePacket source = new SourcePacket();
        assertTrue(source.load(packet, false));
        byte[] out = new byte[source.maxCopyLength()];
        int written = source.copyTo(out, 5, 2, 0);
        source.rewrite(out, written, 111, 0x0102, 0x0A0B0C0DL, 0x11223344L, -1, -1);
        assertEquals(17, source.extensionDataIndex(), "after the 12-byte header, the block header and the id byte");
        out[17] = (byte) 0xAB;
        out[18] = (byte) 0xCD;
        assertArrayEquals(new byte[] {
                (byte) 0x90, 111, 0x01, 0x02, 0x0A, 0x0B, 0x0C, 0x0D, 0x11, 0x22, 0x33, 0x44,
                (byte) 0xBE, (byte) 0xDE, 0x00, 0x01,            // one word of extensions
                0x51, (byte) 0xAB, (byte) 0xCD, 0x00,            // id 5, L=1: the sequence number; one padding byte
                (byte) 0xAA, (byte) 0xBB, (byte) 0xCC}, Arrays.copyOf(out, written));
    }

    @Test
    void refusesAMalformedHeaderAndTruncatedBytesNeverThrow() {
        SourcePacket source = new SourcePacket();
        assertFalse(source.load(Unpooled.wrappedBuffer(new byte[] {(byte) 0x80, 96, 0, 1}), true));
        for (int i = 0; i < 20000; i++) {
            byte[] bytes = new byte[random.nextInt(40)];
            random.nextBytes(bytes);
            ByteBuf buf = Unpooled.wrappedBuffer(bytes);
            boolean valid = RtpPacket.headerLength(buf) >= 0;
            assertEquals(valid, source.load(buf, true));
            if (valid) {
                int offset = RtpPacket.payloadOffset(buf);
                int length = RtpPacket.payloadLength(buf);
                assertEquals(Vp8PayloadDescriptor.pictureId(buf, offset, length), source.pictureId());
                assertEquals(Vp8PayloadDescriptor.tl0PicIdx(buf, offset, length), source.tl0PicIdx());
                assertEquals(Vp8PayloadDescriptor.temporalLayerId(buf, offset, length), source.temporalLayer());
            }
        }
    }

    /** A valid RTP packet: random CSRCs, extension block (either form or none), VP8 descriptor, padding. */
    private ByteBuf randomPacket() {
        ByteBuf buf = Unpooled.buffer();
        int csrcs = random.nextInt(3);
        boolean extension = random.nextBoolean();
        boolean padding = random.nextInt(4) == 0;
        buf.writeByte(0x80 | (padding ? 0x20 : 0) | (extension ? 0x10 : 0) | csrcs);
        buf.writeByte(random.nextInt(256));
        buf.writeShort(random.nextInt(1 << 16));
        buf.writeInt(random.nextInt());
        buf.writeInt(random.nextInt());
        for (int i = 0; i < csrcs; i++) {
            buf.writeInt(random.nextInt());
        }
        if (extension) {
            int words = random.nextInt(4);
            buf.writeShort(random.nextBoolean() ? RtpPacket.ONE_BYTE_PROFILE : RtpPacket.TWO_BYTE_PROFILE);
            buf.writeShort(words);
            for (int i = 0; i < words; i++) {
                buf.writeInt(random.nextInt());
            }
        }
        // VP8 descriptor: any combination of X, I (7 or 15 bits), L, T, K; sometimes cut short by the payload end.
        int payload = random.nextInt(8) == 0 ? random.nextInt(4) : 4 + random.nextInt(60);
        byte[] body = new byte[payload];
        random.nextBytes(body);
        if (payload > 0) {
            body[0] = (byte) (random.nextBoolean() ? body[0] | 0x80 : body[0] & 0x7F);
        }
        buf.writeBytes(body);
        if (padding) {
            int count = 1 + random.nextInt(8);
            buf.writeZero(count - 1);
            buf.writeByte(count);
        }
        return buf;
    }
}
