package dev.sfu.core.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfu.core.rtcp.RtcpCompound;
import dev.sfu.core.rtcp.RtcpPacket;
import dev.sfu.core.rtcp.TransportFeedbackGenerator;
import dev.sfu.core.rtcp.TransportWideFeedback;
import dev.sfu.core.rtp.PaddingPacket;
import dev.sfu.core.rtp.TransportSequenceNumber;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The send-side estimate toward one receiver, wired as the server runs it: packets stamped with the
 * transport-wide sequence number, the receiver's feedback built by the real {@link TransportFeedbackGenerator},
 * encoded and parsed as RTCP, and matched back to what was sent.
 */
class DownlinkEstimatorTest {
    private static final long MS = 1_000_000L;
    private long now = 10_000 * MS;
    private final DownlinkEstimator downlink = new DownlinkEstimator(() -> now);

    /** A packet of {@code bytes} with the transport-wide field at a known place; returns the buffer. */
    private static ByteBuf packet(int bytes) {
        ByteBuf out = Unpooled.buffer(bytes + 32);
        PaddingPacket.write(out, 96, 1, 0, 1, 3, 1);
        out.setByte(0, 0x90); // a media packet: no padding, zero payload to the size asked
        out.writeZero(bytes - out.readableBytes());
        return out;
    }

    private static final int FIELD = 17;

    @Test
    void stampsOneCounterAcrossStreamsWithWrapAndSkipsStreamsWithoutTheExtension() {
        List<Integer> seen = new ArrayList<>();
        for (int i = 0; i < 65_540; i++) {
            ByteBuf p = packet(40);
            downlink.stamp(p, FIELD);
            seen.add(TransportSequenceNumber.read(p, 3));
        }
        assertEquals(0, seen.get(0));
        assertEquals(65_535, seen.get(65_535));
        assertEquals(0, seen.get(65_536), "16-bit wrap");
        ByteBuf untouched = packet(40);
        downlink.stamp(untouched, -1);
        assertEquals(0, TransportSequenceNumber.read(untouched, 3), "no field: the placeholder stays, not counted");
        assertEquals(65_540, downlink.snapshot().packetsStamped());
    }

    @Test
    void feedbackIsMatchedToWhatWasSentAndIgnoresUnknownSequenceNumbers() {
        TransportFeedbackGenerator receiver = new TransportFeedbackGenerator(7, 8);
        for (int i = 0; i < 50; i++) {
            ByteBuf p = packet(1000);
            downlink.stamp(p, FIELD);
            receiver.onPacket(TransportSequenceNumber.read(p, 3), now + 20 * MS);
            now += 5 * MS;
        }
        receiver.onPacket(40_000, now); // never sent by us
        assertFalse(downlink.active(), "no feedback, not negotiated yet");
        for (TransportWideFeedback feedback : roundTrip(receiver.buildFeedback())) {
            downlink.onFeedback(feedback);
        }
        assertTrue(downlink.active());
        var snapshot = downlink.snapshot();
        assertEquals("transport-cc", snapshot.source());
        assertTrue(snapshot.feedbacks() >= 1);
        // 50 packets of 1010 bytes (with the SRTP tag) every 5 ms: about 1.6 Mbps acknowledged.
        assertTrue(snapshot.acknowledgedBps() > 1_200_000 && snapshot.acknowledgedBps() < 2_000_000,
                snapshot.toString());
        assertEquals(0.0, snapshot.lossFraction());
    }

    /**
     * 2 Mbps into a 1 Mbps link with a drop-tail queue: queuing delay grows, then packets are lost; the
     * estimate must settle below the link rate. Then the link opens up and probes raise it again.
     */
    @Test
    void estimateConvergesBelowABottleneckAndProbesBackUpWhenItOpens() {
        TransportFeedbackGenerator receiver = new TransportFeedbackGenerator(7, 8);
        long linkBps = 1_000_000;
        long busyUntil = 0;
        long estimateAfterLimit = -1;
        for (int ms = 0; ms < 20_000; ms++) {
            now += MS;
            if (ms == 12_000) {
                estimateAfterLimit = downlink.estimateBps();
                linkBps = 20_000_000;
            }
            long sendBps = Math.min(2_000_000, Math.max(300_000, downlink.estimateBps()));
            int bytes = 1000;
            // one packet every (bytes * 8 / sendBps) s, on the millisecond grid
            if (ms % Math.max(1, (int) (bytes * 8 * 1000L / sendBps)) == 0) {
                ByteBuf p = packet(bytes);
                downlink.stamp(p, FIELD);
                long start = Math.max(now, busyUntil);
                if (start - now <= 200 * MS) {
                    busyUntil = start + (bytes + 28) * 8 * 1_000_000_000L / linkBps;
                    receiver.onPacket(TransportSequenceNumber.read(p, 3), busyUntil);
                }
            }
            if (ms % 50 == 49) {
                for (TransportWideFeedback feedback : roundTrip(receiver.buildFeedback())) {
                    downlink.onFeedback(feedback);
                }
                downlink.wantStepUp(3_000_000, sendBps);
            }
            int padding = downlink.probePaddingBytes();
            while (padding > 0) {
                ByteBuf p = packet(PaddingPacket.length(224));
                downlink.stamp(p, FIELD);
                padding -= p.readableBytes();
                long start = Math.max(now, busyUntil);
                if (start - now <= 200 * MS) {
                    busyUntil = start + (p.readableBytes() + 28) * 8 * 1_000_000_000L / linkBps;
                    receiver.onPacket(TransportSequenceNumber.read(p, 3), busyUntil);
                }
            }
        }
        assertTrue(estimateAfterLimit < 1_000_000, "below the 1 Mbps link: " + estimateAfterLimit);
        assertTrue(estimateAfterLimit > 300_000, "not collapsed: " + estimateAfterLimit);
        assertTrue(downlink.estimateBps() > 1_500_000, "probed back up once the link opened: " + downlink.snapshot());
        assertTrue(downlink.snapshot().probeSuccesses() >= 1, downlink.snapshot().toString());
    }

    @Test
    void lostProbePaddingIsNotCountedAsLossButLostMediaIs() {
        TransportFeedbackGenerator receiver = new TransportFeedbackGenerator(7, 8);
        for (int ms = 0; ms < 3000; ms += 10) {
            now += 10 * MS;
            ByteBuf media = packet(1000);
            downlink.stamp(media, FIELD);
            receiver.onPacket(TransportSequenceNumber.read(media, 3), now + 5 * MS);
            ByteBuf padding = packet(PaddingPacket.length(224));
            downlink.stampProbe(padding, FIELD); // lost at the bottleneck: never reaches the receiver
            if (ms % 50 == 40) {
                ByteBuf next = packet(1000); // one more received packet, so the lost padding sits between
                downlink.stamp(next, FIELD);
                receiver.onPacket(TransportSequenceNumber.read(next, 3), now + 6 * MS);
                for (TransportWideFeedback feedback : roundTrip(receiver.buildFeedback())) {
                    downlink.onFeedback(feedback);
                }
            }
        }
        assertEquals(0.0, downlink.snapshot().lossFraction(), "half the packets were lost, all of them padding");

        for (int ms = 0; ms < 3000; ms += 10) {
            now += 10 * MS;
            ByteBuf media = packet(1000);
            downlink.stamp(media, FIELD);
            if (ms % 20 == 0) {
                receiver.onPacket(TransportSequenceNumber.read(media, 3), now + 5 * MS);
            }
            if (ms % 50 == 40) {
                for (TransportWideFeedback feedback : roundTrip(receiver.buildFeedback())) {
                    downlink.onFeedback(feedback);
                }
            }
        }
        assertTrue(downlink.snapshot().lossFraction() > 0.4, "half the media lost: " + downlink.snapshot());
    }

    @Test
    void negotiatedReceiverUsesTheStartEstimateBeforeFeedback() {
        downlink.negotiated();
        assertTrue(downlink.active());
        assertEquals("start", downlink.snapshot().source());
        downlink.onRemb(400_000);
        assertEquals(400_000, downlink.estimateBps(), "its REMB stands in until feedback comes");
    }

    /** Encodes feedback as the receiver sends it and parses it as the server receives it. */
    private static List<TransportWideFeedback> roundTrip(List<TransportWideFeedback> feedback) {
        if (feedback.isEmpty()) {
            return feedback;
        }
        ByteBuf wire = RtcpCompound.encode(ByteBufAllocator.DEFAULT, new ArrayList<RtcpPacket>(feedback));
        try {
            List<TransportWideFeedback> out = new ArrayList<>();
            for (RtcpPacket packet : RtcpCompound.parse(wire)) {
                out.add((TransportWideFeedback) packet);
            }
            return out;
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            wire.release();
        }
    }
}
