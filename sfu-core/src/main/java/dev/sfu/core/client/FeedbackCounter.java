package dev.sfu.core.client;

import dev.sfu.core.rtcp.FullIntraRequest;
import dev.sfu.core.rtcp.PictureLossIndication;
import dev.sfu.core.rtcp.ReceiverEstimatedMaxBitrate;
import dev.sfu.core.rtcp.ReceiverReport;
import dev.sfu.core.rtcp.RtcpCompound;
import dev.sfu.core.rtcp.RtcpException;
import dev.sfu.core.rtcp.RtcpPacket;
import dev.sfu.core.rtcp.SenderReport;
import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * Parses the RTCP the SFU sends this peer and counts it: PLI and FIR for the peer's own video SSRC (each
 * triggers a keyframe through {@code onKeyframeRequest}), receiver reports, REMB. Confined to the peer's
 * event loop.
 */
final class FeedbackCounter {
    private final long videoSsrc;
    private final Runnable onKeyframeRequest;
    private long plis;
    private long firs;
    private long otherSsrcKeyframeRequests;
    private long receiverReports;
    private long senderReports;
    private long rembs;
    private long lastRembBps = -1;
    private long malformed;

    /** @param videoSsrc the peer's own video SSRC, or -1 when it does not publish video */
    FeedbackCounter(long videoSsrc, Runnable onKeyframeRequest) {
        this.videoSsrc = videoSsrc;
        this.onKeyframeRequest = onKeyframeRequest;
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
            } else if (packet instanceof ReceiverEstimatedMaxBitrate remb) {
                rembs++;
                lastRembBps = remb.bitrateBps();
            }
        }
    }

    private void keyframeRequest(long ssrc, boolean pli) {
        if (videoSsrc < 0 || ssrc != videoSsrc) {
            otherSsrcKeyframeRequests++;
            return;
        }
        if (pli) {
            plis++;
        } else {
            firs++;
        }
        onKeyframeRequest.run();
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
