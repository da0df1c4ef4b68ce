package dev.sfu.core.room;

import dev.sfu.core.rtcp.RtcpCompound;
import dev.sfu.core.rtcp.RtcpPacket;
import dev.sfu.core.rtcp.TransportWideFeedback;
import dev.sfu.core.time.MonotonicClock;
import dev.sfu.core.transport.ParticipantTransport;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * The one way RTCP goes to a participant (a compound encoded into a pooled buffer with room for the SRTCP tag,
 * nothing while its transport is not connected), and the RTCP its timers send through it: transport-cc feedback
 * on what it publishes ({@link PublisherFeedback}) and the report interval's compounds ({@link ParticipantReports}).
 * {@link UpstreamRepair}'s NACKs and PLI/FIR go out here too. Confined to the room's event loop.
 */
final class RtcpSender {
    private final MonotonicClock clock;
    private final PublisherFeedback publisherFeedback;
    private final ParticipantReports reports;
    private ParticipantTransport transport;

    RtcpSender(MonotonicClock clock, PublisherFeedback publisherFeedback, ParticipantReports reports) {
        this.clock = clock;
        this.publisherFeedback = publisherFeedback;
        this.reports = reports;
    }

    void attach(ParticipantTransport transport) {
        this.transport = transport;
    }

    boolean connected() {
        return transport != null && transport.isConnected();
    }

    /** transport-cc feedback on what the participant sent us since the last call (the 20 ms tick, every 60 ms). */
    void sendTransportFeedback() {
        if (!publisherFeedback.enabled() || !connected()) {
            return;
        }
        List<TransportWideFeedback> feedback = publisherFeedback.drain();
        if (!feedback.isEmpty()) {
            send(new ArrayList<>(feedback));
        }
    }

    /**
     * The report interval's RTCP ({@link ParticipantReports}): SRs for what it receives from us, RRs for what
     * it publishes, our CNAME, and a REMB hint so its browser raises the bitrate (a cap for a browser without
     * transport-cc; with it, {@link #sendTransportFeedback} drives its estimate).
     */
    void sendReports(long bitrateHintBps) {
        if (!connected()) {
            return;
        }
        for (List<RtcpPacket> compound : reports.reports(clock.nanos(), bitrateHintBps)) {
            send(compound);
        }
    }

    /** One compound packet; dropped while the transport is not connected. */
    void send(List<RtcpPacket> packets) {
        if (!connected()) {
            return;
        }
        ByteBuf compound = RtcpCompound.encode(transport.alloc(), packets);
        compound.ensureWritable(ParticipantTransport.SRTP_TAILROOM);
        transport.sendRtcp(compound);
    }
}
