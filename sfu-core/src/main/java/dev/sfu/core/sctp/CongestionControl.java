package dev.sfu.core.sctp;

/**
 * The sender's congestion window (RFC 9260 §7.2): slow start, congestion avoidance with
 * partial_bytes_acked, the reaction to fast retransmit (§7.2.4, with Fast Recovery) and to a T3 expiry
 * (§7.2.3). Bytes are user-data bytes plus the DATA headers, as the RFC counts them. Confined to the
 * association's thread.
 */
final class CongestionControl {
    private final int mtu;
    private long cwnd;
    private long ssthresh;
    private long partialBytesAcked;
    /** Fast Recovery exit point (§7.2.4): the highest TSN outstanding when it began; -1 when not in it */
    private long fastRecoveryExitPoint = -1;

    /** §7.2.1: initial cwnd min(4*MTU, max(2*MTU, 4380)); ssthresh the peer's a_rwnd. */
    CongestionControl(int mtu, long peerReceiverWindow) {
        this.mtu = mtu;
        this.cwnd = Math.min(4L * mtu, Math.max(2L * mtu, 4380));
        this.ssthresh = peerReceiverWindow;
    }

    long cwnd() {
        return cwnd;
    }

    long ssthresh() {
        return ssthresh;
    }

    boolean inFastRecovery() {
        return fastRecoveryExitPoint >= 0;
    }

    /**
     * A SACK acknowledged new bytes. §7.2.1 slow start: cwnd grows by at most one MTU per SACK, and only
     * when the window was in full use and the cumulative ack advanced; §7.2.2 congestion avoidance: one
     * MTU per window's worth of acked bytes. No growth in Fast Recovery.
     *
     * @param flightSizeBefore bytes outstanding before this SACK
     * @param cumulativeAck    the (unwrapped) cumulative TSN ack after this SACK
     */
    void onAck(long bytesAcked, boolean cumulativeAckAdvanced, long flightSizeBefore, long cumulativeAck) {
        if (inFastRecovery() && cumulativeAck >= fastRecoveryExitPoint) {
            fastRecoveryExitPoint = -1;
        }
        if (bytesAcked <= 0 || !cumulativeAckAdvanced || inFastRecovery()) {
            return;
        }
        boolean windowFull = flightSizeBefore >= cwnd;
        if (cwnd <= ssthresh) {
            if (windowFull) {
                cwnd += Math.min(bytesAcked, mtu);
            }
            return;
        }
        partialBytesAcked += bytesAcked;
        if (partialBytesAcked >= cwnd && windowFull) {
            partialBytesAcked -= cwnd;
            cwnd += mtu;
        }
    }

    /** §7.2.4: on a fast retransmit outside Fast Recovery, halve the window and enter it. */
    void onFastRetransmit(long highestOutstandingTsn) {
        if (inFastRecovery()) {
            return;
        }
        ssthresh = Math.max(cwnd / 2, 4L * mtu);
        cwnd = ssthresh;
        partialBytesAcked = 0;
        fastRecoveryExitPoint = highestOutstandingTsn;
    }

    /** §7.2.3: on a T3-rtx expiry, back to one MTU (and out of Fast Recovery). */
    void onRetransmissionTimeout() {
        ssthresh = Math.max(cwnd / 2, 4L * mtu);
        cwnd = mtu;
        partialBytesAcked = 0;
        fastRecoveryExitPoint = -1;
    }
}
