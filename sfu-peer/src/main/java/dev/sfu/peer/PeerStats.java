package dev.sfu.peer;

import java.util.List;
import java.util.Map;

/**
 * A peer's state and counters, copied on its event loop; immutable.
 *
 * @param answeredSsrcs per receiving mid, the SSRC the SFU's last answer announced for it
 * @param plisReceived PLIs for the peer's own video SSRC (each answered with a keyframe)
 * @param foreignDatagrams datagrams from addresses other than the SFU's candidate, dropped
 * @param plisBySsrc PLIs received per own video SSRC (one per simulcast encoding)
 * @param firsBySsrc FIRs received per own video SSRC
 * @param rembsSent REMBs this peer sent ({@link JavaPeer#sendRemb})
 */
public record PeerStats(String name, int senderId, String localAddress, boolean iceConnected, boolean mediaReady,
        String srtpProfile, String failure, long iceChecksSent, long iceSuccesses, long iceErrorResponses,
        long audioPacketsSent, long videoPacketsSent, long videoFramesSent, long keyframesSent, long plisReceived,
        long firsReceived, long plisSent, long receiverReportsReceived, long rembsReceived, long lastRembBps,
        long malformedRtcp, long foreignDatagrams, long srtpInboundFailures, long unknownSsrcPackets,
        Map<String, Long> answeredSsrcs, List<InboundStreamStats> inbound, Map<Long, Long> plisBySsrc,
        Map<Long, Long> firsBySsrc, long rembsSent) {

    public PeerStats {
        plisBySsrc = Map.copyOf(plisBySsrc);
        firsBySsrc = Map.copyOf(firsBySsrc);
        answeredSsrcs = Map.copyOf(answeredSsrcs);
        inbound = List.copyOf(inbound);
    }

    /** The stream received on an SSRC, or null. */
    public InboundStreamStats inboundBySsrc(long ssrc) {
        for (InboundStreamStats s : inbound) {
            if (s.ssrc() == ssrc) {
                return s;
            }
        }
        return null;
    }

    /** The stream received on the SSRC the answer announced for this mid, or null. */
    public InboundStreamStats inboundByMid(String mid) {
        Long ssrc = answeredSsrcs.get(mid);
        return ssrc == null ? null : inboundBySsrc(ssrc);
    }

    /** Packets received over all incoming streams. */
    public long packetsReceived() {
        long sum = 0;
        for (InboundStreamStats s : inbound) {
            sum += s.packets();
        }
        return sum;
    }
}
