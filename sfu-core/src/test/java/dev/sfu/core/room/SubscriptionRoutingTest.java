package dev.sfu.core.room;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfu.core.model.TrackPreferences;
import dev.sfu.core.room.RoutingFixture.RecordingOutput;
import dev.sfu.core.testing.RtpPackets;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Routing of one publication to its subscriptions, on a manual clock with recording receivers (no socket): layer
 * switches, NACK answers, pausing, starting from the cached keyframe, and the receiver's continuous numbering.
 */
class SubscriptionRoutingTest {
    private static final long CACHE_AGE = 2_000_000_000L;

    private RoutingFixture routing;
    private Publication publication;
    /** Next sequence number, timestamp and picture id per layer. */
    private final int[] seq = {100, 5000, 20000};
    private final long[] timestamp = {0, 0, 0};
    private final int[] pictureId = {10, 300, 600};

    private void publish(long keyframeCacheAge, String... rids) {
        routing = new RoutingFixture(keyframeCacheAge);
        publication = routing.publish(TrackKind.VIDEO, "VP8", rids);
    }

    @AfterEach
    void close() {
        publication.close();
    }

    /** A frame of {@code packets} packets on a layer, 33 ms after the last; the first starts a keyframe if asked. */
    private void frame(int layer, boolean keyframe, int packets) {
        routing.advance(33);
        timestamp[layer] += 3000;
        for (int i = 0; i < packets; i++) {
            ByteBuf packet = RtpPackets.rtp().seq(seq[layer]++).timestamp(timestamp[layer]).ssrc(1000 + layer)
                    .marker(i == packets - 1).vp8(pictureId[layer], 1, 0, i == 0, keyframe, 100).build();
            try {
                routing.publisher.onRtp(packet); // through the publisher's SSRC demux
            } finally {
                packet.release();
            }
        }
        pictureId[layer]++;
    }

    private static void assertContinuous(List<Integer> sequences) {
        for (int i = 1; i < sequences.size(); i++) {
            assertEquals((sequences.get(i - 1) + 1) & 0xFFFF, (int) sequences.get(i), "sequence gap at " + i
                    + " in " + sequences);
        }
    }

    /** The VP8 keyframe bit of a sent packet (descriptor of 6 bytes after a 12-byte header, S set and P = 0). */
    private static boolean startsKeyframe(byte[] packet) {
        return (packet[12] & 0x10) != 0 && (packet[18] & 0x01) == 0;
    }

    /** Past the delay after activation in which the receiver may still lack its SRTP keys. */
    private Subscription ready(Subscription subscription) {
        routing.advance(CachedKeyframeStart.CACHED_START_DELAY_NANOS / 1_000_000);
        return subscription;
    }

    /**
     * A keyframe that arrives right after the receiver's transport connected is not its first packet: the server's
     * DTLS completes before the receiver's, which would drop it and start on a delta frame. It starts when the
     * receiver is ready: from the cache, or (cache off) at the next keyframe the publisher is asked for.
     */
    @ParameterizedTest(name = "keyframe cache {0}")
    @CsvSource({"on, 3", "off, 0"})
    void aLiveKeyframeBeforeTheReceiverIsReadyIsNotItsFirstPacket(String cache, int sentWhenReady) {
        publish(cache.equals("on") ? CACHE_AGE : 0, "f");
        RecordingOutput out = new RecordingOutput();
        Subscription subscription = routing.subscribe(publication, out, 77);
        frame(0, true, 3);
        assertEquals(0, out.sent.size(), "not before the receiver can decrypt it");
        assertEquals(-1, subscription.layers().current());

        routing.advance(CachedKeyframeStart.CACHED_START_DELAY_NANOS / 1_000_000);
        assertEquals(sentWhenReady, out.sent.size(), cache);
        frame(0, false, 2);
        frame(0, true, 2);
        assertTrue(startsKeyframe(out.sent.get(0)), "the receiver's first packet starts a keyframe");
        assertContinuous(out.sequences());
    }

    @Test
    void aLayerSwitchWaitsForTheTargetLayersKeyframe() {
        publish(0, "l", "h");
        RecordingOutput out = new RecordingOutput();
        Subscription subscription = ready(routing.subscribe(publication, out, 77));
        frame(0, true, 2);
        frame(1, true, 2);
        assertEquals(2, out.sent.size(), "only the target layer (0) is forwarded");

        subscription.layers().setTarget(1, -1, false, routing.clock.nanos());
        assertTrue(publication.layer(1).keyframeRequester().sent() >= 1,
                "the publisher is asked for layer 1's keyframe");
        frame(1, false, 2);
        frame(0, false, 2);
        assertEquals(0, subscription.layers().current(), "a delta frame of the target does not switch");
        assertEquals(4, out.sent.size(), "layer 0 goes on meanwhile");

        frame(1, true, 3);
        assertEquals(1, subscription.layers().current());
        assertTrue(startsKeyframe(out.sent.get(4)), "the switch starts at the keyframe");
        frame(0, false, 2);
        frame(1, false, 2);
        assertEquals(9, out.sent.size(), "after the switch only layer 1");
        assertContinuous(out.sequences());
        for (int i = 0; i < out.sent.size(); i++) {
            assertEquals(77, out.ssrc(i));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // case,                                  second NACK after (ms), resent by the second
        "a repeat within the 100 ms default RTT,          0,  0",
        "a repeat 50 ms later,                           50,  0",
        "a repeat after the RTT,                        150,  1",
    })
    void aNackIsAnsweredFromTheCacheAtMostOncePerRtt(String name, int laterMillis, int resentAgain) {
        publish(0, "f");
        RecordingOutput out = new RecordingOutput();
        Subscription subscription = ready(routing.subscribe(publication, out, 77));
        frame(0, true, 3);
        frame(0, false, 2);
        byte[] lost = out.sent.get(1);

        assertEquals(1, subscription.onNack(List.of(out.sequence(1))), name);
        assertEquals(6, out.sent.size());
        assertArrayEquals(lost, out.sent.get(5), "resent byte for byte as first sent");

        routing.advance(laterMillis);
        assertEquals(resentAgain, subscription.onNack(List.of(out.sequence(1))), name);
        assertEquals(0, subscription.onNack(List.of((out.sequence(4) + 1000) & 0xFFFF)), "never sent: unknown");
    }

    @Test
    void aPausedSubscriptionSendsNothing() {
        publish(0, "f");
        RecordingOutput out = new RecordingOutput();
        Subscription subscription = ready(routing.subscribe(publication, out, 77));
        frame(0, true, 2);
        assertEquals(2, out.sent.size());

        subscription.setPreferences(new TrackPreferences(-1, 0, 0, -1, true, 0));
        subscription.receiver().allocateLayers();
        frame(0, true, 2);
        frame(0, false, 2);
        assertEquals(-1, subscription.layers().target());
        assertEquals(2, out.sent.size(), "nothing after the pause");
    }

    @Test
    void aNewSubscriptionStartsFromTheCachedKeyframeAndItsCatchUp() {
        publish(CACHE_AGE, "f");
        frame(0, true, 3);
        frame(0, false, 2);
        frame(0, false, 2);
        RecordingOutput out = new RecordingOutput();
        Subscription subscription = routing.subscribe(publication, out, 77);
        assertEquals(0, out.sent.size(), "the replay waits until the receiver can take it");

        routing.advance(CachedKeyframeStart.CACHED_START_DELAY_NANOS / 1_000_000);
        assertEquals(7, out.sent.size(), "the keyframe and the two frames after it");
        assertTrue(startsKeyframe(out.sent.get(0)));
        assertEquals(1, subscription.keyframesFromCache());
        assertEquals(0, publication.layer(0).keyframeRequester().sent(), "the publisher was not asked");

        frame(0, false, 2);
        assertEquals(9, out.sent.size(), "live packets follow");
        assertContinuous(out.sequences());
    }

    @Test
    void aSwitchToALayerWithACachedKeyframeHappensAtOnceWithContinuousNumbering() {
        publish(CACHE_AGE, "l", "h");
        RecordingOutput out = new RecordingOutput();
        Subscription subscription = ready(routing.subscribe(publication, out, 77));
        frame(0, true, 2);
        frame(1, true, 3);
        frame(0, false, 2);
        frame(1, false, 2);
        routing.advance(CachedKeyframeStart.CACHED_START_DELAY_NANOS / 1_000_000);
        int before = out.sent.size();

        subscription.layers().setTarget(1, -1, false, routing.clock.nanos());
        assertEquals(1, subscription.layers().current(), "switched at once, from the cache");
        assertEquals(before + 5, out.sent.size(), "layer 1's keyframe and its catch-up frame");
        assertTrue(startsKeyframe(out.sent.get(before)));
        frame(1, false, 2);
        frame(0, false, 2);
        assertEquals(before + 7, out.sent.size());
        assertContinuous(out.sequences());
        List<Long> timestamps = new ArrayList<>();
        for (byte[] packet : out.sent) {
            timestamps.add(dev.sfu.core.rtp.RtpPacket.timestamp(Unpooled.wrappedBuffer(packet)));
        }
        for (int i = 1; i < timestamps.size(); i++) {
            assertTrue(timestamps.get(i) >= timestamps.get(i - 1), "timestamps never go back: " + timestamps);
        }
    }

    /** Chromium's OpenH264 SPS for 1280x720 and its PPS (as in {@link H264LayerTest}). */
    private static final String SPS = "6742c0208c8d402802dd3506060607844235";
    private static final String PPS = "68ce3c80";

    private void h264(int seq, long timestamp, boolean marker, String payloadHex) {
        routing.advance(5);
        ByteBuf packet = RtpPackets.rtp().payloadType(102).ssrc(1000).seq(seq).timestamp(timestamp).marker(marker)
                .payload(io.netty.buffer.ByteBufUtil.decodeHexDump(payloadHex)).build();
        try {
            routing.publisher.onRtp(packet);
        } finally {
            packet.release();
        }
    }

    @Test
    void anH264StartAtAKeyframeWithoutSpsGetsTheStoredParameterSetsFirst() {
        routing = new RoutingFixture(0);
        publication = routing.publish(TrackKind.VIDEO, "H264", "f");
        String stapA = String.format("78%04x%s%04x%s", SPS.length() / 2, SPS, PPS.length() / 2, PPS);
        h264(1, 3000, false, stapA);
        h264(2, 3000, true, "6588" + "84002100");
        RecordingOutput out = new RecordingOutput();
        Subscription subscription = ready(routing.subscribe(publication, out, 77));

        h264(3, 6000, true, "6588" + "84002100"); // an IDR alone: no SPS in this keyframe
        h264(4, 9000, true, "4188" + "8000");
        assertEquals(3, out.sent.size(), "SPS/PPS, the keyframe, the next frame");
        assertEquals(0x78, out.sent.get(0)[12] & 0xFF, "a STAP-A first");
        assertEquals(0x65, out.sent.get(1)[12] & 0xFF, "then the IDR");
        assertEquals(1, subscription.parameterSetsInserted());
        assertContinuous(out.sequences());
        long timestamp = dev.sfu.core.rtp.RtpPacket.timestamp(Unpooled.wrappedBuffer(out.sent.get(0)));
        assertEquals(timestamp, dev.sfu.core.rtp.RtpPacket.timestamp(Unpooled.wrappedBuffer(out.sent.get(1))),
                "with the keyframe's timestamp");
    }
}
