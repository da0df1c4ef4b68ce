package dev.sfu.core.rtp;

/** Wrap-aware arithmetic on 16-bit RTP sequence numbers (RFC 3550 §A.1), held in {@code int}. */
public final class RtpSequence {
    private RtpSequence() {}

    /** True when {@code a} comes after {@code b}, by less than half the sequence space. */
    public static boolean isNewer(int a, int b) {
        int d = (a - b) & 0xFFFF;
        return d != 0 && d < 0x8000;
    }

    /**
     * Signed distance {@code a - b} taken modulo 2^16, in -32768..32767: positive when {@code a} is
     * newer. {@code diff(2, 65535) == 3}.
     */
    public static int diff(int a, int b) {
        return (short) (a - b);
    }
}
