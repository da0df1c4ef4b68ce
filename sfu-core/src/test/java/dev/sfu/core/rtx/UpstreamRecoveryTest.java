package dev.sfu.core.rtx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfu.core.testing.ManualClock;
import dev.sfu.core.testing.RtpPackets;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class UpstreamRecoveryTest {
    private final ManualClock clock = new ManualClock();
    private final UpstreamRecovery recovery = new UpstreamRecovery(clock);

    /** RTX (RFC 4588 §4) of packet 11 from a publisher's RTX stream: PT 97, its own seq 500 and SSRC 0x2222. */
    private static final byte[] RTX_OF_11 = RtpPackets.of(
            0x90,                   // V=2, P=0, X=1, CC=0
            0x80 | 97,              // M=1, RTX PT 97
            0x01, 0xF4,             // RTX sequence number 500
            0x00, 0x00, 0x0B, 0xB8, // timestamp 3000 (the original's)
            0x00, 0x00, 0x22, 0x22, // RTX SSRC
            0xBE, 0xDE, 0x00, 0x01, // one-byte extensions, 1 word
            0x40, 0x31, 0x00, 0x00, // id 4 (mid) "1"
            0x00, 0x0B,             // OSN 11
            0xAA, 0xBB, 0xCC);      // original payload

    @Test
    void unwrapsTheRtxOfAMissingPacketIntoTheOriginalOnce() {
        recovery.onMedia(media(10, 96));
        recovery.onMedia(media(12, 96));
        clock.advance(10, TimeUnit.MILLISECONDS);
        assertEquals(List.of(11), recovery.collectNacks());

        ByteBuf rtx = Unpooled.wrappedBuffer(RTX_OF_11);
        ByteBuf original = recovery.repair(rtx, 0x1111, PooledByteBufAllocator.DEFAULT);
        try {
            assertArrayEquals(RtpPackets.of(
                    0x90,                   // extensions kept, P cleared
                    0x80 | 96,              // marker kept, the media PT
                    0x00, 0x0B,             // sequence number: the OSN
                    0x00, 0x00, 0x0B, 0xB8, // timestamp unchanged
                    0x00, 0x00, 0x11, 0x11, // the media SSRC
                    0xBE, 0xDE, 0x00, 0x01,
                    0x40, 0x31, 0x00, 0x00,
                    0xAA, 0xBB, 0xCC),      // payload without the OSN
                    ByteBufUtil.getBytes(original));
        } finally {
            original.release();
        }
        assertNull(recovery.repair(rtx, 0x1111, PooledByteBufAllocator.DEFAULT), "a second copy repairs nothing");
        assertEquals(1, recovery.repaired());
        assertEquals(1, recovery.unused());
        assertEquals(2, recovery.rtxPackets());
        assertEquals(0, recovery.missing());
        clock.advance(200, TimeUnit.MILLISECONDS);
        assertEquals(List.of(), recovery.collectNacks(), "repaired: not NACKed again");
    }

    @Test
    void rtxOfPacketsThatArrivedOrBeforeAnyMediaIsUnused() {
        ByteBuf rtx = Unpooled.wrappedBuffer(RTX_OF_11);
        assertNull(recovery.repair(rtx, 0x1111, PooledByteBufAllocator.DEFAULT), "no media yet");
        recovery.onMedia(media(10, 96));
        recovery.onMedia(media(11, 96));
        recovery.onMedia(media(12, 96));
        assertNull(recovery.repair(rtx, 0x1111, PooledByteBufAllocator.DEFAULT), "a probe of a packet that arrived");
        ByteBuf paddingOnly = Unpooled.wrappedBuffer(RtpPackets.of(0xA0, 97, 0x01, 0xF5, 0, 0, 0, 1, 0, 0, 0x22, 0x22,
                0, 0, 0, 4));
        assertNull(recovery.repair(paddingOnly, 0x1111, PooledByteBufAllocator.DEFAULT), "padding only");
        assertEquals(3, recovery.unused());
    }

    @Test
    void failedRepairAsksForAKeyframeOnce() {
        recovery.onMedia(media(10, 96));
        recovery.onMedia(media(12, 96));
        for (int i = 0; i < NackGenerator.DEFAULT_MAX_RETRIES; i++) {
            clock.advance(100, TimeUnit.MILLISECONDS);
            assertEquals(List.of(11), recovery.collectNacks());
        }
        assertFalse(recovery.takeKeyframeRequest());
        clock.advance(100, TimeUnit.MILLISECONDS);
        assertEquals(List.of(), recovery.collectNacks());
        assertTrue(recovery.takeKeyframeRequest());
        assertFalse(recovery.takeKeyframeRequest());
        assertEquals(1, recovery.gaveUp());
        assertEquals(NackGenerator.DEFAULT_MAX_RETRIES, recovery.nacksSent());
        assertNull(recovery.repair(Unpooled.wrappedBuffer(RTX_OF_11), 0x1111, PooledByteBufAllocator.DEFAULT),
                "too late: given up");
    }

    @Test
    void truncatedAndRandomRtxNeverThrows() {
        recovery.onMedia(media(0, 96));
        recovery.onMedia(media(200, 96));
        java.util.Random random = new java.util.Random(5);
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = new byte[random.nextInt(40)];
            random.nextBytes(bytes);
            if (bytes.length > 0) {
                bytes[0] = (byte) (0x80 | bytes[0] & 0x3F);
            }
            if (bytes.length > 21 && random.nextBoolean()) {
                bytes[20] = 0;
                bytes[21] = (byte) random.nextInt(200);
            }
            ByteBuf original = recovery.repair(Unpooled.wrappedBuffer(bytes), 0x1111, PooledByteBufAllocator.DEFAULT);
            if (original != null) {
                original.release();
            }
        }
        assertEquals(20_000, recovery.rtxPackets());
    }

    private static ByteBuf media(int seq, int payloadType) {
        ByteBuf packet = Unpooled.buffer(16);
        packet.writeByte(0x80).writeByte(payloadType).writeShort(seq).writeInt(seq * 3000).writeInt(0x1111);
        packet.writeInt(seq);
        return packet;
    }
}
