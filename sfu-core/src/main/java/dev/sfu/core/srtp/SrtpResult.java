package dev.sfu.core.srtp;

/**
 * Outcome of one protect or unprotect call. Anything but {@link #OK} means the packet must be dropped;
 * callers count drops by this reason.
 */
public enum SrtpResult {
    /** The packet was transformed in place. */
    OK,
    /** Not an RTP/RTCP packet of a plausible shape: too short, wrong version, lengths beyond the packet. */
    MALFORMED,
    /** The authentication tag did not verify; no per-stream state was changed. */
    AUTH_FAILED,
    /** The packet index was already received, or lies behind the replay window (RFC 3711 §3.3.2). */
    REPLAYED,
    /** The packet's SSRC would exceed {@link SrtpContext#MAX_STREAMS} streams for this context. */
    TOO_MANY_STREAMS,
    /**
     * The 31-bit SRTCP index is used up (RFC 3711 §3.3.1 forbids reusing it under the same key), or the
     * cipher refused to reuse a GCM nonce; the sender must re-key.
     */
    INDEX_EXHAUSTED
}
