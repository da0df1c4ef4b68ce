package dev.sfu.core.rtx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfu.core.rtp.RtpPacket;
import dev.sfu.core.testing.ManualClock;
import dev.sfu.core.testing.RtpPackets;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every path that lets go of a packet, checked by reference counts (the caller's reference stays, the
 * cache's goes) and by Netty's leak detector at PARANOID, which fails the class on any leak.
 */
class RetransmissionCacheTest {
    private final ManualClock clock = new ManualClock();
    private final List<ByteBuf> originals = new ArrayList<>();

    /** A packet as the datagram handler owns it: the test keeps (and finally releases) its reference. */
    private ByteBuf packet(int seq, int size) {
        ByteBuf buf = RtpPackets.packet(seq, size);
        originals.add(buf);
        return buf;
    }

    @AfterEach
    void releaseOriginals() {
        for (ByteBuf buf : originals) {
            assertEquals(1, buf.refCnt(), "the cache still holds a reference");
            buf.release();
        }
    }

    @Test
    void returnsTheStoredPacketBySequenceNumber() {
        try (RetransmissionCache cache = RetransmissionCache.forVideo(clock)) {
            ByteBuf p = packet(100, 200);
            p.readerIndex(0);
            cache.put(p);
            assertEquals(2, p.refCnt());
            p.readerIndex(12); // the caller moving its indexes does not move the cached view
            ByteBuf got = cache.get(100);
            assertNotNull(got);
            assertEquals(100, RtpPacket.sequenceNumber(got));
            assertEquals(200, got.readableBytes());
            assertEquals(ByteBufUtil.hexDump(p, 0, 200), ByteBufUtil.hexDump(got));
            assertNull(cache.get(101));
            assertEquals(1, cache.hits());
            assertEquals(1, cache.misses());
            assertEquals(1, cache.size());
            assertEquals(200, cache.bytes());
        }
    }

    @Test
    void evictsByAge() {
        try (RetransmissionCache cache = new RetransmissionCache(clock, 1_000, 64, 1 << 20)) {
            ByteBuf old = packet(1, 100);
            cache.put(old);
            clock.advance(600, TimeUnit.MILLISECONDS);
            ByteBuf young = packet(2, 100);
            cache.put(young);
            clock.advance(500, TimeUnit.MILLISECONDS);
            assertNull(cache.get(1)); // too old to answer, even before eviction
            assertSame(young.refCnt(), 2);
            cache.put(packet(3, 100));
            assertEquals(1, old.refCnt()); // released when the next put looked
            assertEquals(1, cache.evictedByAge());
            clock.advance(2, TimeUnit.SECONDS);
            cache.expire(); // a silent stream lets go too
            assertEquals(0, cache.size());
            assertEquals(0, cache.bytes());
            assertEquals(3, cache.evictedByAge());
        }
    }

    @Test
    void evictsOldestBySize() {
        try (RetransmissionCache cache = new RetransmissionCache(clock, 1_000, 64, 3_000)) {
            ByteBuf first = packet(10, 1000);
            cache.put(first);
            cache.put(packet(11, 1000));
            cache.put(packet(12, 1000));
            assertEquals(2, first.refCnt());
            cache.put(packet(13, 1000));
            assertEquals(1, first.refCnt());
            assertNull(cache.get(10));
            assertNotNull(cache.get(11));
            assertEquals(3_000, cache.bytes());
            assertEquals(1, cache.evictedBySize());
        }
    }

    @Test
    void overwritesTheSlotOnSequenceWrap() {
        try (RetransmissionCache cache = new RetransmissionCache(clock, 1_000, 16, 1 << 20)) {
            ByteBuf first = packet(65535, 100);
            cache.put(first);
            ByteBuf same = packet((65535 + 16) & 0xFFFF, 100); // seq 15: same slot
            cache.put(same);
            assertEquals(1, first.refCnt());
            assertNull(cache.get(65535));
            assertEquals(15, RtpPacket.sequenceNumber(cache.get(15)));
            assertEquals(1, cache.overwritten());
            assertEquals(1, cache.size());
        }
    }

    @Test
    void keepsBoundedWhenManyOverwritesFillTheOrder() {
        try (RetransmissionCache cache = new RetransmissionCache(clock, 1_000, 8, 1 << 20)) {
            for (int i = 0; i < 100; i++) {
                cache.put(packet(i % 3 == 0 ? 5 : i, 60)); // seq 5 again and again among others
                clock.advance(1, TimeUnit.MILLISECONDS);
            }
            // stale order entries of overwritten slots may push out the oldest live packets early,
            // never the newest, and never past the bound
            assertTrue(cache.size() <= 8 && cache.size() >= 4, "size " + cache.size());
            assertNotNull(cache.get(98));
            assertNotNull(cache.get(97));
            assertNotNull(cache.get(5));
        }
    }

    @Test
    void duplicateReplacesTheEarlierCopy() {
        try (RetransmissionCache cache = new RetransmissionCache(clock, 1_000, 16, 1 << 20)) {
            ByteBuf a = packet(7, 100);
            ByteBuf b = packet(7, 100);
            cache.put(a);
            cache.put(b);
            assertEquals(1, a.refCnt());
            assertEquals(2, b.refCnt());
            assertEquals(1, cache.size());
        }
    }

    @Test
    void closeReleasesEverythingAndIgnoresLaterPuts() {
        RetransmissionCache cache = RetransmissionCache.forAudio(clock);
        for (int i = 0; i < 20; i++) {
            cache.put(packet(i, 100));
        }
        cache.close();
        assertEquals(0, cache.size());
        ByteBuf late = packet(50, 100);
        cache.put(late);
        assertEquals(1, late.refCnt());
        assertNull(cache.get(50));
        cache.close(); // twice is harmless
    }

    @Test
    void rejectsBadBounds() {
        assertThrows(IllegalArgumentException.class, () -> new RetransmissionCache(clock, 1_000, 100, 1000));
        assertThrows(IllegalArgumentException.class, () -> new RetransmissionCache(clock, 0, 128, 1000));
    }
}
