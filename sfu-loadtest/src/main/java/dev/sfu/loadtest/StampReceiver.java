package dev.sfu.loadtest;

import java.util.Map;

/**
 * The per-packet side of a participant: every decrypted RTP packet the peer hands over (with its stamp) goes
 * into the run's latency histograms and its SSRC's {@link ReceivedStream}.
 *
 * <p>Runs on the peer's event loop, per packet: allocates only a stream's state, on its first packet; writes
 * only to that state and the shared lock-free histograms.
 */
final class StampReceiver {
    private final Map<Long, ReceivedStream> bySsrc;
    private final RunMeters meters;

    /** @param bySsrc where each SSRC's state goes (the participant's, read by others) */
    StampReceiver(Map<Long, ReceivedStream> bySsrc, RunMeters meters) {
        this.bySsrc = bySsrc;
        this.meters = meters;
    }

    void onPacket(long ssrc, boolean video, boolean marker, boolean stampOk, int senderId, long counter,
            long latencyNanos, long nowNanos) {
        if (!stampOk) {
            return; // counted as corrupt by the peer's own InboundStream
        }
        (video ? meters.videoLatency : meters.audioLatency).recordNanos(latencyNanos);
        ReceivedStream r = bySsrc.get(ssrc);
        if (r == null) {
            r = new ReceivedStream();
            r.senderId = senderId;
            r.video = video;
            r.firstCounter = counter;
            r.firstPacketNanos = nowNanos;
            bySsrc.put(ssrc, r);
        }
        long last = r.lastPacketNanos;
        if (last != 0 && nowNanos - last >= meters.stallNanos) {
            r.resumedNanos = nowNanos;
        }
        r.lastPacketNanos = nowNanos;
        r.packets++;
        r.lastCounter = counter;
        if (video && marker && r.firstFrameNanos == 0) {
            r.firstFrameNanos = nowNanos;
        }
    }
}
