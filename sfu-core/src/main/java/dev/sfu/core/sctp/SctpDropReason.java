package dev.sfu.core.sctp;

/** Why an incoming packet or chunk was dropped, counted in {@link SctpStats#drops()}. */
public enum SctpDropReason {
    /** did not parse: short, bad CRC32c, malformed chunk */
    MALFORMED,
    /** verification tag is not ours (RFC 9260 §8.5) */
    BAD_VERIFICATION_TAG,
    /** not expected in the association's state (out of the blue, §8.4, or a late handshake chunk) */
    UNEXPECTED_CHUNK,
    /** a COOKIE ECHO whose MAC does not check out */
    BAD_COOKIE,
    /** a COOKIE ECHO older than Valid.Cookie.Life */
    STALE_COOKIE,
    /** a DATA chunk beyond our receive window */
    RECEIVE_WINDOW_FULL,
    /** a DATA chunk on a stream outside the negotiated inbound streams */
    INVALID_STREAM,
    /** a chunk type we do not know, skipped per its upper bits (§3.2) */
    UNKNOWN_CHUNK
}
