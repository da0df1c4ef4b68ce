package dev.sfu.peer;

import dev.sfu.core.rtcp.ReceptionReport;
import java.util.List;
import java.util.Map;

/**
 * What the RTCP reports between a {@link JavaPeer} and the SFU said, from the peer's side.
 *
 * @param rttNanos from the SFU's report blocks on this peer's SRs (A - LSR - DLSR), -1 while unknown
 * @param senderReportsBySsrc the SFU's SRs per incoming SSRC, oldest first (the last 64 of each)
 * @param blocksAboutOwnStreams the SFU's last report block about each SSRC this peer sends
 * @param cnames the CNAMEs the SFU's SDES gave, per SSRC
 */
public record PeerRtcpStats(long rttNanos, Map<Long, List<ReceivedSenderReport>> senderReportsBySsrc,
        Map<Long, ReceptionReport> blocksAboutOwnStreams, Map<Long, String> cnames) {

    public PeerRtcpStats {
        senderReportsBySsrc = Map.copyOf(senderReportsBySsrc);
        blocksAboutOwnStreams = Map.copyOf(blocksAboutOwnStreams);
        cnames = Map.copyOf(cnames);
    }

    /**
     * One SR the SFU sent about a stream this peer receives, and how it maps the last media packet that had
     * arrived by then.
     *
     * @param stampedLayer the publisher's simulcast layer of that packet, -1 if none arrived
     * @param mappingErrorNanos the NTP time this SR gives that packet's RTP timestamp minus the time its
     *     publisher sent it (on this peer's NTP clock; both peers share the process's clocks); 0 if none
     */
    public record ReceivedSenderReport(long ntpTimestamp, long rtpTimestamp, long packetCount, long octetCount,
            long arrivalNanos, int stampedLayer, long mappingErrorNanos) {}
}
