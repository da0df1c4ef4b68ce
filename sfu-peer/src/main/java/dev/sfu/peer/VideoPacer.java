package dev.sfu.peer;

/**
 * Spreads each video frame's packets over time as libwebrtc's pacer does in a browser: packets leave at
 * {@value #PACE_MULTIPLIER}x the encoders' target bitrate, in bursts at most {@value #INTERVAL_MILLIS} ms apart
 * (its {@code kDefaultMinPacketLimit}), instead of a frame's packets back to back. A 1.5 Mbps, 30 fps frame of
 * ~6 packets thus goes out as three bursts of two over ~10 ms, as Chromium sends it.
 *
 * <p>Budget as libwebrtc's {@code IntervalBudget} without build-up: every interval grants one interval's worth
 * of bytes (a debt from overshooting is paid first, unused budget is not kept); a packet may leave while the
 * budget is positive, so a burst overshoots by at most one packet. A frame that becomes due sends at once
 * what the current budget allows (the rest waits for the next intervals); frames queue behind each other, so a
 * keyframe several times a delta frame's size stretches over more than one frame interval, as in a browser.
 * Audio and retransmissions are not paced here (libwebrtc sends them first, ahead of video).
 *
 * <p>Confined to the peer's event loop: {@link #onFrame} runs on the frame timer, {@link #onInterval} on one
 * fixed-rate timer per peer; no thread of its own and nothing allocated per packet.
 */
final class VideoPacer {
    static final int INTERVAL_MILLIS = 5;
    static final long INTERVAL_NANOS = INTERVAL_MILLIS * 1_000_000L;
    static final double PACE_MULTIPLIER = 2.5;

    private final VideoSenders video;
    private final long bytesPerInterval;
    private long budget;

    VideoPacer(VideoSenders video) {
        this.video = video;
        this.bytesPerInterval = Math.max(1, (long) (video.targetBitrateBps() * PACE_MULTIPLIER / 8
                * INTERVAL_NANOS / 1e9));
    }

    /** Bytes one interval may send. */
    long bytesPerInterval() {
        return bytesPerInterval;
    }

    /** The camera ticked: a frame of every active encoding is due; sends what the budget allows now. */
    void onFrame(RtpSink sink) {
        video.startFrames();
        drain(sink);
    }

    /** The next interval: grants its budget and sends while it lasts. */
    void onInterval(RtpSink sink) {
        budget = budget < 0 ? budget + bytesPerInterval : bytesPerInterval;
        drain(sink);
    }

    private void drain(RtpSink sink) {
        boolean sent = false;
        while (budget > 0) {
            int size = video.sendPacket(sink);
            if (size == 0) {
                break;
            }
            budget -= size;
            sent = true;
        }
        if (sent) {
            sink.flush();
        }
    }
}
