package dev.sfu.peer;

import dev.sfu.core.rtcp.PictureLossIndication;
import dev.sfu.core.rtcp.ReceiverEstimatedMaxBitrate;
import dev.sfu.core.rtcp.ReceiverReport;
import dev.sfu.core.rtcp.RtcpCompound;
import dev.sfu.core.rtcp.RtcpPacket;
import dev.sfu.core.rtcp.TransportLayerNack;
import dev.sfu.core.rtcp.TransportWideFeedback;
import java.util.ArrayList;
import java.util.List;

/**
 * The RTCP the peer sends, each as a browser sends it: reports every second ({@link PeerReports}), and on demand
 * PLI, REMB and generic NACK (each in a compound packet after an empty RR), transport-cc feedback every 50 ms.
 * Nothing goes out before SRTP is keyed.
 *
 * <p>Threading: confined to the peer's event loop.
 */
final class RtcpSender {
    private final ClientTransport transport;
    private final PeerReports reports;
    private final long rtcpSsrc;
    private final String cname;
    private long plisSent;
    private long rembsSent;
    private long nacksSent;

    RtcpSender(ClientTransport transport, PeerReports reports, long rtcpSsrc, String cname) {
        this.transport = transport;
        this.reports = reports;
        this.rtcpSsrc = rtcpSsrc;
        this.cname = cname;
    }

    /**
     * SRs for what the peer sends and report blocks (with LSR/DLSR) for what it receives, with its CNAME
     * (RFC 3550 §6.4).
     */
    void sendReports() {
        send(reports.reports(System.nanoTime(), rtcpSsrc, cname));
    }

    /** A PLI (RFC 4585 §6.3.1) for an incoming stream, as a browser whose decoder lost sync. */
    void requestKeyframe(long mediaSsrc) {
        send(List.of(new ReceiverReport(rtcpSsrc, List.of()), new PictureLossIndication(rtcpSsrc, mediaSsrc)));
        plisSent++;
    }

    /** A REMB (draft-alvestrand-rmcat-remb) naming the SSRCs the peer receives. */
    void sendRemb(long bitrateBps, List<Long> receivedSsrcs) {
        send(List.of(new ReceiverReport(rtcpSsrc, List.of()),
                new ReceiverEstimatedMaxBitrate(rtcpSsrc, bitrateBps, receivedSsrcs)));
        rembsSent++;
    }

    /** A generic NACK (RFC 4585 §6.2.1) for these sequence numbers of incoming stream {@code mediaSsrc}. */
    void sendNack(long mediaSsrc, List<Integer> sequenceNumbers) {
        send(List.of(new ReceiverReport(rtcpSsrc, List.of()),
                new TransportLayerNack(rtcpSsrc, mediaSsrc, sequenceNumbers)));
        nacksSent++;
    }

    /** The transport-cc feedback due, if any. */
    void sendTransportFeedback(TransportCcReceiver transportCc) {
        if (transportCc != null && transport.mediaReady()) {
            List<TransportWideFeedback> out = transportCc.drain();
            if (!out.isEmpty()) {
                send(new ArrayList<>(out));
            }
        }
    }

    private void send(List<RtcpPacket> packets) {
        if (!transport.mediaReady()) {
            return;
        }
        transport.sendRtcp(RtcpCompound.encode(transport.alloc(), packets));
    }

    long plisSent() {
        return plisSent;
    }

    long rembsSent() {
        return rembsSent;
    }

    long nacksSent() {
        return nacksSent;
    }
}
