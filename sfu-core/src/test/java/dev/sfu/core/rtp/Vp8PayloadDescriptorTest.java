package dev.sfu.core.rtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;

class Vp8PayloadDescriptorTest {

    /** 7-bit picture id, then the start of a 640x480 keyframe (RFC 6386 §9.1 layout). */
    static final byte[] KEYFRAME_7BIT = Bytes.of(
            0x90,             // X=1, R=0, N=0, S=1, R=0, PID=0
            0x80,             // I=1, L=0, T=0, K=0
            0x2A,             // M=0, PictureID=42
            0x50, 0x42, 0x00, // frame tag: P (key frame bit)=0, version 0, show_frame=1, first partition size
            0x9D, 0x01, 0x2A, // start code
            0x80, 0x02,       // horizontal scale 0, width 640 (little endian)
            0xE0, 0x41,       // vertical scale 1, height 480 (little endian)
            0x00, 0x00);      // start of the first partition

    /** 15-bit picture id, TL0PICIDX and TID/Y, then an interframe. */
    static final byte[] INTERFRAME_15BIT = Bytes.of(
            0xB0,             // X=1, R=0, N=1, S=1, R=0, PID=0
            0xE0,             // I=1, L=1, T=1, K=0
            0x81, 0x23,       // M=1, PictureID=0x0123
            0x05,             // TL0PICIDX=5
            0x60,             // TID=1, Y=1, KEYIDX=0
            0x31, 0x00, 0x00); // VP8 payload header, P=1 (interframe)

    /** No extension byte: S=0, PID=2, a continuation packet. */
    static final byte[] MINIMAL_CONTINUATION = Bytes.of(
            0x02,             // X=0, R=0, N=0, S=0, R=0, PID=2
            0x50, 0x42);      // partition data (would look like a key frame tag)

    @Test
    void readsKeyframeWith7BitPictureId() {
        ByteBuf buf = Bytes.exact(KEYFRAME_7BIT, 4);
        int off = 4;
        int len = KEYFRAME_7BIT.length;
        try {
            assertEquals(3, Vp8PayloadDescriptor.descriptorLength(buf, off, len));
            assertTrue(Vp8PayloadDescriptor.isStartOfPartition(buf, off, len));
            assertEquals(0, Vp8PayloadDescriptor.partitionIndex(buf, off, len));
            assertTrue(Vp8PayloadDescriptor.isStartOfFrame(buf, off, len));
            assertFalse(Vp8PayloadDescriptor.isNonReference(buf, off, len));
            assertTrue(Vp8PayloadDescriptor.isKeyframe(buf, off, len));
            assertEquals(42, Vp8PayloadDescriptor.pictureId(buf, off, len));
            assertEquals(1, Vp8PayloadDescriptor.pictureIdLength(buf, off, len));
            assertEquals(-1, Vp8PayloadDescriptor.tl0PicIdx(buf, off, len));
            assertEquals(-1, Vp8PayloadDescriptor.temporalLayerId(buf, off, len));
            assertFalse(Vp8PayloadDescriptor.layerSync(buf, off, len));
            assertEquals(-1, Vp8PayloadDescriptor.keyIndex(buf, off, len));
            assertEquals(640, Vp8PayloadDescriptor.keyframeWidth(buf, off, len));
            assertEquals(480, Vp8PayloadDescriptor.keyframeHeight(buf, off, len));
        } finally {
            buf.release();
        }
    }

    @Test
    void readsInterframeWith15BitPictureIdAndTemporalLayer() {
        ByteBuf buf = Bytes.exact(INTERFRAME_15BIT);
        int len = INTERFRAME_15BIT.length;
        try {
            assertEquals(6, Vp8PayloadDescriptor.descriptorLength(buf, 0, len));
            assertTrue(Vp8PayloadDescriptor.isStartOfFrame(buf, 0, len));
            assertTrue(Vp8PayloadDescriptor.isNonReference(buf, 0, len));
            assertFalse(Vp8PayloadDescriptor.isKeyframe(buf, 0, len));
            assertEquals(0x0123, Vp8PayloadDescriptor.pictureId(buf, 0, len));
            assertEquals(2, Vp8PayloadDescriptor.pictureIdLength(buf, 0, len));
            assertEquals(5, Vp8PayloadDescriptor.tl0PicIdx(buf, 0, len));
            assertEquals(1, Vp8PayloadDescriptor.temporalLayerId(buf, 0, len));
            assertTrue(Vp8PayloadDescriptor.layerSync(buf, 0, len));
            assertEquals(-1, Vp8PayloadDescriptor.keyframeWidth(buf, 0, len));
            assertEquals(-1, Vp8PayloadDescriptor.keyframeHeight(buf, 0, len));
        } finally {
            buf.release();
        }
    }

    @Test
    void continuationPacketIsNeitherFrameStartNorKeyframe() {
        ByteBuf buf = Bytes.exact(MINIMAL_CONTINUATION);
        int len = MINIMAL_CONTINUATION.length;
        try {
            assertEquals(1, Vp8PayloadDescriptor.descriptorLength(buf, 0, len));
            assertFalse(Vp8PayloadDescriptor.isStartOfPartition(buf, 0, len));
            assertEquals(2, Vp8PayloadDescriptor.partitionIndex(buf, 0, len));
            assertFalse(Vp8PayloadDescriptor.isStartOfFrame(buf, 0, len));
            assertFalse(Vp8PayloadDescriptor.isKeyframe(buf, 0, len));
            assertEquals(-1, Vp8PayloadDescriptor.pictureId(buf, 0, len));
            assertEquals(0, Vp8PayloadDescriptor.pictureIdLength(buf, 0, len));
            assertFalse(Vp8PayloadDescriptor.setPictureId(buf, 0, len, 1));
            assertFalse(Vp8PayloadDescriptor.setTl0PicIdx(buf, 0, len, 1));
            assertArrayEquals(MINIMAL_CONTINUATION, Bytes.readable(buf));
        } finally {
            buf.release();
        }
    }

    @Test
    void setPictureIdKeepsTheWidth() {
        ByteBuf seven = Bytes.exact(KEYFRAME_7BIT);
        ByteBuf fifteen = Bytes.exact(INTERFRAME_15BIT);
        try {
            assertTrue(Vp8PayloadDescriptor.setPictureId(seven, 0, KEYFRAME_7BIT.length, 200));
            assertEquals(200 & 0x7F, Vp8PayloadDescriptor.pictureId(seven, 0, KEYFRAME_7BIT.length));
            assertEquals(0x48, seven.getUnsignedByte(2)); // M=0, PictureID=72

            assertTrue(Vp8PayloadDescriptor.setPictureId(fifteen, 0, INTERFRAME_15BIT.length, 0x7FFE));
            assertTrue(Vp8PayloadDescriptor.setTl0PicIdx(fifteen, 0, INTERFRAME_15BIT.length, 0xFF));
            assertArrayEquals(Bytes.of(
                    0xB0,             // unchanged
                    0xE0,             // unchanged
                    0xFF, 0xFE,       // M=1, PictureID=0x7FFE
                    0xFF,             // TL0PICIDX=255
                    0x60,             // unchanged
                    0x31, 0x00, 0x00), Bytes.readable(fifteen));
            assertEquals(1, Vp8PayloadDescriptor.temporalLayerId(fifteen, 0, INTERFRAME_15BIT.length));
        } finally {
            seven.release();
            fifteen.release();
        }
    }

    @Test
    void truncatedDescriptorIsMalformed() {
        ByteBuf buf = Bytes.exact(Bytes.of(0x90, 0x80, 0x81)); // I and M set, second picture id byte missing
        try {
            assertEquals(-1, Vp8PayloadDescriptor.descriptorLength(buf, 0, 3));
            assertEquals(-1, Vp8PayloadDescriptor.pictureId(buf, 0, 3));
            assertFalse(Vp8PayloadDescriptor.isKeyframe(buf, 0, 3));
            assertEquals(-1, Vp8PayloadDescriptor.descriptorLength(buf, 0, 0));
            assertEquals(-1, Vp8PayloadDescriptor.partitionIndex(buf, 0, 0));
        } finally {
            buf.release();
        }
    }

    @Test
    void keyframeWithoutStartCodeHasNoSize() {
        byte[] packet = KEYFRAME_7BIT.clone();
        packet[6] = 0x00; // break the start code
        ByteBuf buf = Bytes.exact(packet);
        try {
            assertTrue(Vp8PayloadDescriptor.isKeyframe(buf, 0, packet.length));
            assertEquals(-1, Vp8PayloadDescriptor.keyframeWidth(buf, 0, packet.length));
            assertEquals(-1, Vp8PayloadDescriptor.keyframeWidth(buf, 0, 10)); // size bytes cut off
        } finally {
            buf.release();
        }
    }
}
