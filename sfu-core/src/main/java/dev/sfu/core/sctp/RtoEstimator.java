package dev.sfu.core.sctp;

/**
 * The retransmission timeout of RFC 9260 §6.3.1 from round-trip samples (taken only from chunks sent once:
 * Karn's rule, C5 — the caller picks them), with the exponential back-off of §6.3.3 E2. Nanoseconds.
 * Confined to the association's thread.
 */
final class RtoEstimator {
    private final long minRto;
    private final long maxRto;
    private long srtt = -1;
    private long rttvar;
    private long rto;

    RtoEstimator(long initialRto, long minRto, long maxRto) {
        this.minRto = minRto;
        this.maxRto = maxRto;
        this.rto = initialRto;
    }

    long rto() {
        return rto;
    }

    /** §6.3.1 C2/C3 (alpha 1/8, beta 1/4); the back-off ends with a new sample. */
    void onRttSample(long rtt) {
        if (rtt < 0) {
            return;
        }
        if (srtt < 0) {
            srtt = rtt;
            rttvar = rtt / 2;
        } else {
            rttvar = (3 * rttvar + Math.abs(srtt - rtt)) / 4;
            srtt = (7 * srtt + rtt) / 8;
        }
        // C4 says RTTVAR at least the clock granularity: nanoseconds, so nothing to add
        rto = Math.min(maxRto, Math.max(minRto, srtt + 4 * rttvar));
    }

    /** §6.3.3 E2: double the RTO after a T3 (or T1/T2, heartbeat) expiry, up to RTO.Max. */
    void backOff() {
        rto = Math.min(maxRto, rto * 2);
    }
}
