package dev.sfu.peer.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfu.core.engine.RecordingObserver;

import dev.sfu.core.model.InboundStreamSnapshot;
import dev.sfu.core.model.OutboundStreamSnapshot;
import dev.sfu.core.model.ParticipantStats;
import dev.sfu.core.model.RoomSnapshot;
import dev.sfu.core.model.TrackPreferences;
import dev.sfu.core.model.TrackSnapshot;
import dev.sfu.core.rtcp.ReceptionReport;
import dev.sfu.core.stats.NtpTime;
import dev.sfu.peer.InboundStreamStats;
import dev.sfu.peer.PeerConfig;
import dev.sfu.peer.PeerRtcpStats;
import dev.sfu.peer.PeerStats;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * RTCP reports end to end with {@link dev.sfu.peer.JavaPeer}s over real UDP/DTLS/SRTP: the SFU's
 * SRs and RRs reach the peers with sane fields, RTT is measured both ways, the statistics of the engine show
 * the call, and an outgoing stream's SRs carry its publisher's RTP-to-NTP mapping across a layer switch.
 */
class RtcpReportsEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @RegisterExtension
    final LoopbackSfu sfu = LoopbackSfu.threads("rtcp-peer", 2);

    @Test
    void reportsFlowBothWaysWithSaneFieldsAndRoundTripTimes() throws Exception {
        PeerSession publisher = join(PeerConfig.defaults("pub", 301));
        publisher.publishAndConnect();
        PeerSession subscriber = join(PeerConfig.defaults("sub", 302).withPublishing(false, false));
        subscriber.subscribeToAll(2);
        subscriber.peer.mediaReady().get(10, TimeUnit.SECONDS);

        // Our SRs reach the subscriber for both streams; its blocks on them give us an RTT (and NACK pacing).
        assertTrue(await(() -> rtcp(subscriber).senderReportsBySsrc().size() == 2
                && stats(subscriber).rttMillis() > 0), "SRs at the subscriber and an RTT to it");
        PeerStats received = subscriber.stats();
        PeerRtcpStats subscriberRtcp = rtcp(subscriber);
        for (InboundStreamStats stream : received.inbound()) {
            List<PeerRtcpStats.ReceivedSenderReport> srs = subscriberRtcp.senderReportsBySsrc().get(stream.ssrc());
            assertNotNull(srs, "SRs for " + stream.ssrc());
            PeerRtcpStats.ReceivedSenderReport last = srs.get(srs.size() - 1);
            // Counted before the SR went out, so at most what arrived since (plus a few the peer received before
            // it applied the answer, and does not count).
            assertTrue(last.packetCount() > 0 && last.packetCount() <= stream.packets() + 100,
                    "SR packet count " + last.packetCount() + " of " + stream.packets() + " received");
            assertTrue(last.octetCount() > 0 && last.octetCount() <= stream.payloadBytes() + 100 * 1200,
                    "SR octet count " + last.octetCount() + " of " + stream.payloadBytes() + " payload bytes");
            long ntpSeconds = NtpTime.toNanos(last.ntpTimestamp()) / 1_000_000_000L
                    - NtpTime.UNIX_EPOCH_OFFSET_SECONDS;
            assertEquals(System.currentTimeMillis() / 1000.0, ntpSeconds, 60, "SR NTP time is wall-clock time");
            String cname = subscriberRtcp.cnames().get(stream.ssrc());
            assertNotNull(cname, "SDES CNAME for " + stream.ssrc());
            assertTrue(cname.startsWith("sfu-"), cname);
        }

        // Our RRs reach the publisher: a block per stream, echoing its SR (LSR), and it measures its RTT.
        assertTrue(await(() -> rtcp(publisher).rttNanos() > 0 && rtcp(publisher).blocksAboutOwnStreams().size() == 2),
                "RRs at the publisher with LSR/DLSR, RTT measured");
        PeerStats sent = publisher.stats();
        for (ReceptionReport block : rtcp(publisher).blocksAboutOwnStreams().values()) {
            assertTrue(block.lastSenderReport() != 0, "LSR echoes the publisher's SR: " + block);
            assertTrue(block.extendedHighestSequence() > 0, block.toString());
            assertTrue(block.cumulativeLost() >= 0 && block.cumulativeLost() < 50, "loopback loses ~nothing: " + block);
        }
        assertTrue(sent.audioPacketsSent() > 0 && sent.videoPacketsSent() > 0);

        // The engine's statistics show the call from both sides.
        ParticipantStats in = stats(publisher);
        assertEquals(2, in.inbound().size(), in.toString());
        assertTrue(in.senderReportsReceived() > 0, in.toString());
        for (InboundStreamSnapshot stream : in.inbound()) {
            assertTrue(stream.packets() > 0 && stream.bytes() > 0 && stream.bitrateBps() > 0, stream.toString());
            assertTrue(stream.senderReportReceived(), stream.toString());
            assertTrue(stream.jitterMillis() >= 0, stream.toString());
        }
        ParticipantStats out = stats(subscriber);
        assertEquals(2, out.outbound().size(), out.toString());
        assertTrue(out.reportBlocksReceived() > 0, out.toString());
        for (OutboundStreamSnapshot stream : out.outbound()) {
            assertTrue(stream.packets() > 0 && stream.bytes() > 0 && stream.bitrateBps() > 0, stream.toString());
            assertEquals(publisher.id(), stream.publisherId());
        }
        assertTrue(out.outbound().stream().anyMatch(s -> s.rttMillis() > 0), out.toString());
        System.out.println("rtcp e2e: RTT to the subscriber " + out.rttMillis() + " ms (SFU), to the SFU "
                + rtcp(publisher).rttNanos() / 1e6 + " ms (publisher)");
    }

    @Test
    void senderReportsCarryThePublishersMappingAcrossALayerSwitch() throws Exception {
        PeerSession publisher = join(PeerConfig.defaults("pub", 311).withPublishing(false, true).withSimulcast(3));
        publisher.publishAndConnect();
        assertTrue(await(() -> layerSsrcsKnown(publisher)), "layers bound");
        TrackSnapshot track = room().participants().stream().filter(p -> p.id().equals(publisher.id())).findFirst()
                .orElseThrow().tracks().get(0);
        // Encoding 2's SRs claim its frames were captured 5 s later than encoding 0's do: the SFU must pass
        // each encoding's mapping on, so after a switch to layer 2 the receiver's mapping moves by 5 s.
        long skew = 5_000_000_000L;
        publisher.peer.skewSenderReports(track.layers().get(2).ssrc(), skew).get(10, TimeUnit.SECONDS);

        PeerSession subscriber = join(PeerConfig.defaults("sub", 312).withPublishing(false, false));
        subscriber.subscribeToAll(1);
        subscriber.peer.mediaReady().get(10, TimeUnit.SECONDS);
        subscriber.handle.setPreferences(track.id(), new TrackPreferences(0, 0, 0, -1, false, 0))
                .get(10, TimeUnit.SECONDS);
        PeerRtcpStats.ReceivedSenderReport onLayer0 = awaitReportOnLayer(subscriber, 0);
        System.out.println("rtcp e2e: layer 0 mapping error " + onLayer0.mappingErrorNanos() / 1e6 + " ms");
        // Loose bounds: the peers' timers run late on a loaded machine, and a frame sent late is mapped to
        // when it should have been captured; what is checked is the mapping, not the timing.
        assertTrue(Math.abs(onLayer0.mappingErrorNanos()) < 1_000_000_000L,
                "layer 0: the SR maps media to when it was sent: " + onLayer0);

        subscriber.handle.setPreferences(track.id(), new TrackPreferences(2, 0, 0, -1, false, 0))
                .get(10, TimeUnit.SECONDS);
        PeerRtcpStats.ReceivedSenderReport onLayer2 = awaitReportOnLayer(subscriber, 2);
        long moved = onLayer2.mappingErrorNanos() - onLayer0.mappingErrorNanos();
        System.out.println("rtcp e2e: mapping moved " + moved / 1e6 + " ms across the switch (skew " + skew / 1e6
                + " ms)");
        assertTrue(Math.abs(moved - skew) < 1_000_000_000L,
                "after the switch the SR carries layer 2's mapping (moved " + moved / 1e6 + " ms): " + onLayer2);
        assertEquals(1, subscriber.stats().inbound().size(), "one outgoing stream across the switch");
    }

    /** The second SR that finds the subscriber receiving {@code layer} (the first may predate the switch). */
    private PeerRtcpStats.ReceivedSenderReport awaitReportOnLayer(PeerSession subscriber, int layer)
            throws Exception {
        PeerRtcpStats.ReceivedSenderReport[] found = new PeerRtcpStats.ReceivedSenderReport[1];
        assertTrue(await(() -> {
            PeerRtcpStats rtcp = rtcp(subscriber);
            if (rtcp.senderReportsBySsrc().size() != 1) {
                return false;
            }
            List<PeerRtcpStats.ReceivedSenderReport> srs = rtcp.senderReportsBySsrc().values().iterator().next();
            int seen = 0;
            for (PeerRtcpStats.ReceivedSenderReport sr : srs) {
                seen = sr.stampedLayer() == layer ? seen + 1 : 0;
                if (seen >= 2) {
                    found[0] = sr;
                }
            }
            return found[0] != null;
        }), "SRs while layer " + layer + " is forwarded");
        return found[0];
    }

    private boolean layerSsrcsKnown(PeerSession publisher) {
        var participant = room().participants().stream().filter(p -> p.id().equals(publisher.id())).findFirst();
        return participant.isPresent() && !participant.get().tracks().isEmpty()
                && participant.get().tracks().get(0).layers().stream().allMatch(l -> l.ssrc() >= 0);
    }

    private PeerSession join(PeerConfig config) throws Exception {
        return sfu.join("rtcp", config);
    }

    private RoomSnapshot room() {
        try {
            return sfu.room("rtcp");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private ParticipantStats stats(PeerSession session) {
        try {
            return sfu.engine().participantStats("rtcp", session.id()).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static PeerRtcpStats rtcp(PeerSession session) {
        try {
            return session.peer.rtcpStats().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean await(BooleanSupplier condition) throws InterruptedException {
        return RecordingObserver.await(WAIT, condition);
    }
}
