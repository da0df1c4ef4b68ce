package dev.sfu.core.sdp;

/** Number parsing that never throws: SDP values come from the network. */
final class Tokens {
    private Tokens() {
    }

    /** Decimal digits only, within [min, max]; otherwise {@code fallback}. */
    static int parseInt(String s, int min, int max, int fallback) {
        long v = parseLong(s, min, max, Long.MIN_VALUE);
        return v == Long.MIN_VALUE ? fallback : (int) v;
    }

    /** Decimal digits only (at most 18), within [min, max]; otherwise {@code fallback}. */
    static long parseLong(String s, long min, long max, long fallback) {
        if (s == null || s.isEmpty() || s.length() > 18) {
            return fallback;
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return fallback;
            }
            v = v * 10 + (c - '0');
        }
        return v < min || v > max ? fallback : v;
    }
}
