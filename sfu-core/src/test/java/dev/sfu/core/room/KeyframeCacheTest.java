package dev.sfu.core.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfu.core.rtp.RtpPacket;
import dev.sfu.core.testing.RtpPackets;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the cache keeps of a layer's packets (the whole last keyframe, nothing else) and every path that lets
 * go of a packet, checked by reference counts and by Netty's leak detector at PARANOID.
 */
class KeyframeCacheTest {
    private static final long MS = 1_000_000L;
    private final List<ByteBuf> originals = new ArrayList<>();
    private final KeyframeCache cache = new KeyframeCache();

    /** A pooled RTP packet as the datagram handler owns it; the test releases its own reference at the end. */
    private ByteBuf packet(int seq, long timestamp, boolean marker, int size) {
        ByteBuf buf = RtpPackets.packet(seq, timestamp, marker, size);
        originals.add(buf);
        return buf;
    }

    /** The production entry point: the packet parsed once ({@link SourcePacket}), its header fields passed on. */
    private void onPacket(ByteBuf packet, boolean keyframeStart, long now) {
        SourcePacket source = new SourcePacket();
        assertTrue(source.load(packet));
        cache.onPacket(packet, source.sequence(), source.timestamp(), source.marker(), keyframeStart, now);
    }

    /** Feeds a frame of {@code count} packets from {@code firstSeq}; the first starts a keyframe if asked. */
    private void frame(int firstSeq, long timestamp, int count, boolean keyframe, long now) {
        for (int i = 0; i < count; i++) {
            onPacket(packet(firstSeq + i, timestamp, i == count - 1, 200), keyframe && i == 0, now);
        }
    }

    @AfterEach
    void releaseOriginals() {
        cache.close();
        assertEquals(0, cache.packetsHeld());
        for (ByteBuf buf : originals) {
            assertEquals(1, buf.refCnt(), "the cache still holds a reference");
            buf.release();
        }
    }

    @Test
    void keepsEveryPacketOfTheLastKeyframeAndNothingAfterIt() {
        frame(100, 9000, 4, true, 0);
        frame(104, 12000, 2, false, 10 * MS);
        KeyframeCache.Frame kept = cache.fresh(20 * MS, 1000 * MS);
        assertNotNull(kept);
        assertEquals(4, kept.size());
        assertEquals(100, kept.firstSequence());
        assertEquals(103, kept.lastSequence());
        assertEquals(9000, kept.timestamp());
        for (int i = 0; i < 4; i++) {
            assertEquals(100 + i, RtpPacket.sequenceNumber(kept.packet(i)));
            assertEquals(2, originals.get(i).refCnt(), "a retained slice of packet " + i);
        }
        assertEquals(1, originals.get(4).refCnt(), "delta frames are not kept");
        assertEquals(4, cache.packetsHeld());
        assertEquals(800, cache.bytesHeld());
        assertEquals(1, cache.framesCached());
    }

    @Test
    void aNewKeyframeReplacesTheOldOneOnlyOnceComplete() {
        frame(100, 9000, 3, true, 0);
        frame(103, 12000, 3, true, 40 * MS);
        // The third keyframe loses its middle packet: it never completes, the second stays cached.
        onPacket(packet(106, 15000, false, 200), true, 80 * MS);
        onPacket(packet(108, 15000, true, 200), false, 80 * MS);
        KeyframeCache.Frame kept = cache.fresh(90 * MS, 1000 * MS);
        assertEquals(103, kept.firstSequence());
        for (int i = 0; i < 3; i++) {
            assertEquals(1, originals.get(i).refCnt(), "the first keyframe was released");
        }
        assertEquals(2, originals.get(3).refCnt());
        assertEquals(5, cache.packetsHeld(), "three cached, two of the incomplete one pending");
        // A fourth keyframe abandons the pending one and then replaces the second.
        frame(109, 18000, 2, true, 120 * MS);
        assertEquals(109, cache.fresh(130 * MS, 1000 * MS).firstSequence());
        assertEquals(1, originals.get(6).refCnt());
        assertEquals(1, originals.get(7).refCnt());
        assertEquals(2, cache.packetsHeld());
        assertEquals(1, cache.framesAbandoned());
        assertEquals(3, cache.framesCached());
    }

    @Test
    void packetsReorderedWithinTheFrameStillComplete() {
        onPacket(packet(65_534, 9000, false, 200), true, 0);
        onPacket(packet(0, 9000, true, 200), false, 0);
        assertNull(cache.fresh(0, 1000 * MS), "incomplete until the packet in between arrives");
        onPacket(packet(65_533, 6000, true, 200), false, 0); // late packet of the frame before: ignored
        onPacket(packet(65_535, 9000, false, 200), false, 0);
        KeyframeCache.Frame kept = cache.fresh(0, 1000 * MS);
        assertEquals(3, kept.size());
        assertEquals(65_534, kept.firstSequence());
        assertEquals(0, kept.lastSequence());
        assertEquals(65_535, RtpPacket.sequenceNumber(kept.packet(1)));
    }

    @Test
    void aStaleKeyframeIsNotOfferedAndExpiresAfterTwoSeconds() {
        frame(100, 9000, 2, true, 0);
        assertNotNull(cache.fresh(1000 * MS, 1000 * MS));
        assertNull(cache.fresh(1001 * MS, 1000 * MS), "older than the caller's bound");
        cache.expire(KeyframeCache.MAX_AGE_MILLIS * MS);
        assertEquals(2, cache.packetsHeld(), "kept up to the cache's own bound");
        cache.expire(KeyframeCache.MAX_AGE_MILLIS * MS + 1);
        assertEquals(0, cache.packetsHeld());
        assertNull(cache.fresh(KeyframeCache.MAX_AGE_MILLIS * MS + 1, Long.MAX_VALUE));
        // and caching goes on with the next keyframe
        frame(200, 30000, 2, true, 3000 * MS);
        assertEquals(200, cache.fresh(3000 * MS, 1000 * MS).firstSequence());
    }

    @Test
    void anIncompleteKeyframeIsReleasedByExpiry() {
        onPacket(packet(100, 9000, false, 200), true, 0);
        assertEquals(1, cache.packetsHeld());
        cache.expire(KeyframeCache.MAX_AGE_MILLIS * MS + 1);
        assertEquals(0, cache.packetsHeld());
        assertEquals(1, cache.framesAbandoned());
    }

    @Test
    void aKeyframeOverTheByteBoundIsNotCached() {
        int packets = KeyframeCache.MAX_BYTES / 1200 + 2;
        for (int i = 0; i < packets; i++) {
            onPacket(packet(i, 9000, i == packets - 1, 1200), i == 0, 0);
        }
        assertNull(cache.fresh(0, Long.MAX_VALUE));
        assertEquals(0, cache.packetsHeld());
        assertEquals(1, cache.framesAbandoned());
    }

    @Test
    void closeReleasesBothFramesAndStopsCaching() {
        frame(100, 9000, 2, true, 0);
        onPacket(packet(102, 12000, false, 200), true, 0);
        assertEquals(3, cache.packetsHeld());
        cache.close();
        assertEquals(0, cache.packetsHeld());
        frame(103, 15000, 2, true, 0);
        assertNull(cache.fresh(0, Long.MAX_VALUE));
        assertEquals(0, cache.packetsHeld());
    }

    @Test
    void theSameFrameObjectIsReusedAcrossReplacements() {
        frame(100, 9000, 1, true, 0);
        KeyframeCache.Frame first = cache.fresh(0, MS);
        frame(101, 12000, 1, true, 0);
        frame(102, 15000, 1, true, 0);
        assertSame(first, cache.fresh(0, MS), "two frames take turns: nothing allocated per keyframe");
    }

    @Test
    void anH264IdrAfterItsParameterSetsInTheSameFrameContinuesTheFrame() {
        // STAP-A with SPS/PPS (a keyframe start), then the IDR's first FU-A fragment (also one), then the rest.
        onPacket(packet(10, 9000, false, 200), true, 0);
        onPacket(packet(11, 9000, false, 200), true, 0);
        onPacket(packet(12, 9000, true, 200), false, 0);
        KeyframeCache.Frame kept = cache.fresh(0, MS);
        assertEquals(10, kept.firstSequence());
        assertEquals(3, kept.size());
        assertEquals(0, cache.framesAbandoned());
    }

    @Test
    void aKeyframeStillArrivingIsReportedUntilItCompletes() {
        assertFalse(cache.arriving(0, 200 * MS));
        onPacket(packet(10, 9000, false, 200), true, 0);
        assertTrue(cache.arriving(50 * MS, 200 * MS));
        assertFalse(cache.arriving(201 * MS, 200 * MS), "started too long ago");
        onPacket(packet(11, 9000, true, 200), false, 60 * MS);
        assertFalse(cache.arriving(60 * MS, 200 * MS), "complete: cached, no longer arriving");
        assertNotNull(cache.fresh(60 * MS, MS * 1000));
    }
}
