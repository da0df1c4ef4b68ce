package dev.sfu.core.rtp;


/**
 * The abs-send-time header extension (http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time): the
 * time a packet left, 24 bits of 6.18 fixed-point seconds. A receiver's delay-based bandwidth estimator
 * (which it reports in REMB) needs it on the packets it receives.
 *
 * <pre>
 *   0                   1                   2                   3
 *  |  0xBE         |    0xDE       |           length=1            |
 *  |  ID   | len=2 |              absolute send time               |
 * </pre>
 */
public final class AbsSendTime {
    /** Bytes the extension block adds to a packet without extensions. */
    public static final int BLOCK_LENGTH = 8;

    private AbsSendTime() {}

    /** The 24-bit 6.18 fixed-point seconds of a monotonic time in nanoseconds. */
    public static int of(long nanos) {
        return (int) (((nanos << 18) / 1_000_000_000L) & 0xFFFFFF);
    }
}
