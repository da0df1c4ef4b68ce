package dev.sfu.peer;

import dev.sfu.core.rtcp.ReceiverReport;
import dev.sfu.core.rtcp.ReceptionReport;
import dev.sfu.core.rtcp.RtcpCompound;
import dev.sfu.core.rtcp.RtcpException;
import dev.sfu.core.rtcp.RtcpPacket;
import dev.sfu.core.rtcp.SenderReport;
import dev.sfu.core.rtcp.SourceDescription;
import dev.sfu.core.rtp.RtpPacket;
import dev.sfu.core.stats.NtpClock;
import dev.sfu.core.stats.NtpTime;
import dev.sfu.core.stats.SenderReportState;
import dev.sfu.core.stats.StreamStatistics;
import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * The peer's RTCP reports (RFC 3550 §6.4), as a browser sends and reads them.
 *
 * <pre>
 *   out (every second): SR per stream the peer sends (the first carries a block per stream it receives, as
 *                       a sender does), or an RR with the blocks when it sends nothing; SDES CNAME
 *   in:  SR from the SFU   -&gt; LSR/DLSR of our next block about that stream; kept for tests with how it maps
 *                             the last stamped packet ({@link PeerRtcpStats.ReceivedSenderReport})
 *        blocks about our SSRCs -&gt; RTT (A - LSR - DLSR)
 * </pre>
 *
 * <p>A test can skew the NTP time of one stream's SRs ({@link #skew}), as a publisher whose encodings claim
 * different capture times, to check that the SFU's SRs carry the publisher's mapping; the RTT from such a
 * stream's blocks is then wrong and not taken. Confined to the peer's event loop.
 */
final class PeerReports {
    private static final int KEPT_REPORTS = 64;

    private final NtpClock ntp = NtpClock.system(System::nanoTime);
    private final long[] ownSsrcs;
    private final SenderReportState[] own;
    private final long[] skewNanos;
    private final Map<Long, StreamStatistics> inbound = new LinkedHashMap<>();
    private final Map<Long, ArrayDeque<PeerRtcpStats.ReceivedSenderReport>> received = new HashMap<>();
    private final Map<Long, ReceptionReport> blocksAboutUs = new HashMap<>();
    private final Map<Long, String> cnames = new HashMap<>();
    private long rttNanos = -1;

    /** @param ownSsrcs the media SSRCs this peer sends, with their clock rates */
    PeerReports(long[] ownSsrcs, int[] clockRates) {
        this.ownSsrcs = ownSsrcs.clone();
        this.own = new SenderReportState[ownSsrcs.length];
        this.skewNanos = new long[ownSsrcs.length];
        for (int i = 0; i < own.length; i++) {
            own[i] = new SenderReportState(ownSsrcs[i], clockRates[i], ntp);
        }
    }

    /** Reports for the streams of these tracks (either may be null): audio at 48 kHz, each video encoding at 90 kHz. */
    static PeerReports forTracks(LocalTrack audio, LocalTrack video) {
        List<Long> ssrcs = new ArrayList<>();
        List<Integer> rates = new ArrayList<>();
        if (audio != null) {
            ssrcs.add(audio.ssrc());
            rates.add(48_000);
        }
        if (video != null) {
            if (video.simulcast()) {
                for (SendEncoding encoding : video.encodings()) {
                    ssrcs.add(encoding.ssrc());
                    rates.add(90_000);
                }
            } else {
                ssrcs.add(video.ssrc());
                rates.add(90_000);
            }
        }
        return new PeerReports(ssrcs.stream().mapToLong(Long::longValue).toArray(),
                rates.stream().mapToInt(Integer::intValue).toArray());
    }

    /** One of our RTP packets goes out (before SRTP). Allocation-free. */
    void onSent(ByteBuf packet) {
        long ssrc = RtpPacket.ssrc(packet);
        for (int i = 0; i < ownSsrcs.length; i++) {
            if (ownSsrcs[i] == ssrc) {
                own[i].onPacketSent(RtpPacket.timestamp(packet), Math.max(0, RtpPacket.payloadLength(packet)));
                return;
            }
        }
    }

    /** A new incoming stream: its statistics make a report block from now on. */
    void track(InboundStream stream) {
        inbound.put(stream.reception().ssrc(), stream.reception());
    }

    /** Adds {@code nanos} to the NTP time of the SRs of our stream {@code ssrc}. */
    void skew(long ssrc, long nanos) {
        for (int i = 0; i < ownSsrcs.length; i++) {
            if (ownSsrcs[i] == ssrc) {
                skewNanos[i] = nanos;
            }
        }
    }

    void onRtcp(ByteBuf compound, long nowNanos, LongFunction<InboundStream> streams) {
        List<RtcpPacket> packets;
        try {
            packets = RtcpCompound.parse(compound);
        } catch (RtcpException e) {
            return; // counted by the FeedbackCounter
        }
        for (RtcpPacket packet : packets) {
            if (packet instanceof SenderReport sr) {
                onSenderReport(sr, nowNanos, streams.apply(sr.senderSsrc()));
                onBlocks(sr.reports(), nowNanos);
            } else if (packet instanceof ReceiverReport rr) {
                onBlocks(rr.reports(), nowNanos);
            } else if (packet instanceof SourceDescription sdes) {
                for (SourceDescription.Chunk chunk : sdes.chunks()) {
                    for (SourceDescription.Item item : chunk.items()) {
                        if (item.type() == SourceDescription.CNAME) {
                            cnames.put(chunk.ssrc(), item.text());
                        }
                    }
                }
            }
        }
    }

    private void onSenderReport(SenderReport sr, long nowNanos, InboundStream stream) {
        StreamStatistics stats = inbound.get(sr.senderSsrc());
        if (stats != null) {
            stats.onSenderReport(sr.ntpTimestamp(), nowNanos);
        }
        int layer = -1;
        long error = 0;
        if (stream != null && stream.lastStampedTimestamp() >= 0) {
            int rate = stream.video() ? 90_000 : 48_000;
            long ticks = (int) (stream.lastStampedTimestamp() - sr.rtpTimestamp()); // signed, mod 2^32
            long mapped = NtpTime.toNanos(sr.ntpTimestamp()) + ticks * 1_000_000_000L / rate;
            error = mapped - NtpTime.toNanos(ntp.ntpAt(stream.lastStampedSendNanos()));
            layer = stream.layer();
        }
        ArrayDeque<PeerRtcpStats.ReceivedSenderReport> kept =
                received.computeIfAbsent(sr.senderSsrc(), s -> new ArrayDeque<>());
        if (kept.size() == KEPT_REPORTS) {
            kept.removeFirst();
        }
        kept.addLast(new PeerRtcpStats.ReceivedSenderReport(sr.ntpTimestamp(), sr.rtpTimestamp(), sr.packetCount(),
                sr.octetCount(), nowNanos, layer, error));
    }

    private void onBlocks(List<ReceptionReport> blocks, long nowNanos) {
        for (ReceptionReport block : blocks) {
            for (int i = 0; i < ownSsrcs.length; i++) {
                if (ownSsrcs[i] == block.ssrc()) {
                    blocksAboutUs.put(block.ssrc(), block);
                    long rtt = own[i].onReceptionReport(block, nowNanos);
                    if (rtt > 0 && skewNanos[i] == 0) {
                        rttNanos = rtt;
                    }
                }
            }
        }
    }

    /** The reports of one interval, in one compound packet. */
    List<RtcpPacket> reports(long nowNanos, long rtcpSsrc, String cname) {
        List<ReceptionReport> blocks = new ArrayList<>();
        for (StreamStatistics stats : inbound.values()) {
            if (blocks.size() < 31 && stats.packetsReceived() > 0) {
                blocks.add(stats.receptionReport(nowNanos));
            }
        }
        List<RtcpPacket> packets = new ArrayList<>();
        List<SourceDescription.Chunk> chunks = new ArrayList<>();
        SourceDescription.Item cnameItem = new SourceDescription.Item(SourceDescription.CNAME, cname);
        for (int i = 0; i < own.length; i++) {
            if (own[i].hasSent()) {
                long rtp = own[i].extrapolatedRtpTimestamp(nowNanos);
                packets.add(own[i].senderReport(nowNanos + skewNanos[i], rtp,
                        packets.isEmpty() ? blocks : List.of()));
                chunks.add(new SourceDescription.Chunk(ownSsrcs[i], List.of(cnameItem)));
            }
        }
        if (packets.isEmpty()) {
            packets.add(new ReceiverReport(rtcpSsrc, blocks));
            chunks.add(new SourceDescription.Chunk(rtcpSsrc, List.of(cnameItem)));
        }
        packets.add(new SourceDescription(chunks));
        return packets;
    }

    PeerRtcpStats snapshot() {
        Map<Long, List<PeerRtcpStats.ReceivedSenderReport>> reports = new HashMap<>();
        received.forEach((ssrc, kept) -> reports.put(ssrc, List.copyOf(kept)));
        return new PeerRtcpStats(rttNanos, reports, blocksAboutUs, cnames);
    }
}
