package dev.sfu.core.model;

import java.util.Locale;

/** Why a data channel message (or one receiver's copy of it) was not delivered; a metrics tag. */
public enum DataDropReason {
    /** The sender's grant lacks {@code publishData}. */
    NOT_ALLOWED,
    /** Not a valid envelope (docs/protocol.md), or a lossy message in several parts. */
    MALFORMED,
    /** Larger than the SFU takes, or (lossy) than the receiver takes. */
    TOO_LARGE,
    /** A participant named in {@code to} is not in the room. */
    UNKNOWN_RECIPIENT,
    /** The receiver's SCTP send budget is full: it reads slower than the room sends. */
    RECEIVER_BUFFER_FULL,
    /** The receiver has no channel of that kind (no data channels, or only the reliable one). */
    NO_CHANNEL,
    /** The sender went over its message rate. */
    RATE_LIMITED,
    /** A channel with a label the SFU does not relay; it was closed. */
    UNKNOWN_CHANNEL;

    /** The metrics tag value, e.g. "receiver_buffer_full". */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
