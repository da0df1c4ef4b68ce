package dev.sfu.peer;

import dev.sfu.core.rtcp.FullIntraRequest;
import dev.sfu.core.rtcp.PictureLossIndication;
import dev.sfu.core.rtcp.ReceiverEstimatedMaxBitrate;
import dev.sfu.core.rtcp.ReceiverReport;
import dev.sfu.core.rtcp.RtcpCompound;
import dev.sfu.core.rtcp.RtcpException;
import dev.sfu.core.rtcp.RtcpPacket;
import dev.sfu.core.rtcp.SenderReport;
import dev.sfu.core.rtcp.TransportLayerNack;
import io.netty.buffer.ByteBuf;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.LongPredicate;

/**
 * Parses the RTCP the SFU sends this peer and counts it: PLI and FIR for the peer's own video SSRCs (one per
 * simulcast encoding; each request triggers a keyframe of the encoding named, and is counted per SSRC),
 * receiver reports, REMB; generic NACKs go to the peer's send history. Confined to the peer's event loop.
 */
final class FeedbackCounter {
    private final LongPredicate onKeyframeRequest;
    private final BiConsumer<Long, List<Integer>> onNack;
    private final Map<Long, Long> plisBySsrc = new LinkedHashMap<>();
    private final Map<Long, Long> firsBySsrc = new LinkedHashMap<>();
    private long plis;
    private long firs;
    private long otherSsrcKeyframeRequests;
    private long receiverReports;
    private long senderReports;
    private long rembs;
    private long lastRembBps = -1;
    private long malformed;

    /**
     * @param onKeyframeRequest asked for a keyframe of an SSRC; false when the SSRC is none of the peer's own
     *     video encodings
     */
    FeedbackCounter(LongPredicate onKeyframeRequest) {
        this(onKeyframeRequest, (ssrc, seqs) -> {});
    }

    /** @param onNack a NACK (media SSRC, lost sequence numbers) from the SFU */
    FeedbackCounter(LongPredicate onKeyframeRequest, BiConsumer<Long, List<Integer>> onNack) {
        this.onKeyframeRequest = onKeyframeRequest;
        this.onNack = onNack;
    }

    void onRtcp(ByteBuf compound) {
        List<RtcpPacket> packets;
        try {
            packets = RtcpCompound.parse(compound);
        } catch (RtcpException e) {
            malformed++;
            return;
        }
        for (RtcpPacket packet : packets) {
            if (packet instanceof PictureLossIndication pli) {
                keyframeRequest(pli.mediaSsrc(), true);
            } else if (packet instanceof FullIntraRequest fir) {
                for (FullIntraRequest.Entry entry : fir.entries()) {
                    keyframeRequest(entry.ssrc(), false);
                }
            } else if (packet instanceof ReceiverReport) {
                receiverReports++;
            } else if (packet instanceof SenderReport) {
                senderReports++;
            } else if (packet instanceof TransportLayerNack nack) {
                onNack.accept(nack.mediaSsrc(), nack.lostSequenceNumbers());
            } else if (packet instanceof ReceiverEstimatedMaxBitrate remb) {
                rembs++;
                lastRembBps = remb.bitrateBps();
            }
        }
    }

    private void keyframeRequest(long ssrc, boolean pli) {
        if (!onKeyframeRequest.test(ssrc)) {
            otherSsrcKeyframeRequests++;
            return;
        }
        if (pli) {
            plis++;
            plisBySsrc.merge(ssrc, 1L, Long::sum);
        } else {
            firs++;
            firsBySsrc.merge(ssrc, 1L, Long::sum);
        }
    }

    /** PLIs per own video SSRC (a copy). */
    Map<Long, Long> plisBySsrc() {
        return Map.copyOf(plisBySsrc);
    }

    Map<Long, Long> firsBySsrc() {
        return Map.copyOf(firsBySsrc);
    }

    long plis() {
        return plis;
    }

    long firs() {
        return firs;
    }

    long otherSsrcKeyframeRequests() {
        return otherSsrcKeyframeRequests;
    }

    long receiverReports() {
        return receiverReports;
    }

    long senderReports() {
        return senderReports;
    }

    long rembs() {
        return rembs;
    }

    long lastRembBps() {
        return lastRembBps;
    }

    long malformed() {
        return malformed;
    }
}
