package dev.sfu.core.srtp;

/**
 * The sliding replay window of RFC 3711 §3.3.2, 128 packets wide, kept as two {@code long} words per
 * stream in the arrays of {@link SrtpStreamTable}. Bit {@code k} of the window records that index
 * {@code highest - k} was received; bit 0 is the highest index itself.
 *
 * <p>{@link #accepts} only reads; {@link #commit} is called after the packet authenticated, so a
 * forged packet cannot slide the window forward and make genuine packets look too old.
 */
final class ReplayWindow {
    /** Width of the window in packets; RFC 3711 asks for at least 64. */
    static final int SIZE = 128;

    private ReplayWindow() {}

    /**
     * Whether {@code index} may be accepted given the window.
     *
     * @param highest highest authenticated index so far, or -1 if none
     */
    static boolean accepts(long highest, long low, long high, long index) {
        if (highest < 0 || index > highest) {
            return true;
        }
        long behind = highest - index;
        if (behind >= SIZE) {
            return false; // too old to tell whether it was seen: reject
        }
        long bit = behind < 64 ? low >>> behind : high >>> (behind - 64);
        return (bit & 1) == 0;
    }

    /**
     * Records an authenticated {@code index} for entry {@code e}: {@code highest[e]} and the two window
     * words {@code window[2e]}, {@code window[2e + 1]}.
     */
    static void commit(long[] highest, long[] window, int e, long index) {
        long h = highest[e];
        long low = window[2 * e];
        long high = window[2 * e + 1];
        if (h < 0) {
            low = 1;
            high = 0;
            h = index;
        } else if (index > h) {
            long shift = index - h;
            if (shift >= SIZE) {
                low = 0;
                high = 0;
            } else if (shift >= 64) {
                high = low << (shift - 64);
                low = 0;
            } else {
                high = (high << shift) | (low >>> (64 - shift));
                low <<= shift;
            }
            low |= 1;
            h = index;
        } else {
            long behind = h - index;
            if (behind < 64) {
                low |= 1L << behind;
            } else {
                high |= 1L << (behind - 64);
            }
        }
        highest[e] = h;
        window[2 * e] = low;
        window[2 * e + 1] = high;
    }
}
