package dev.sfu.core.sctp;

/** What {@link SctpAssociation#send} did with a message. Only {@link #QUEUED} took it. */
public enum SendResult {
    QUEUED,
    /** larger than the peer accepts (SctpConfig.maxOutgoingMessageSize) */
    TOO_LARGE,
    /** SCTP cannot carry an empty message (RFC 9260 §6.2); data channels send PPID 56/57 instead */
    EMPTY,
    /** the send budget (bytes not yet acked) would be exceeded: the peer is slow or gone */
    BUFFER_FULL,
    /** not established yet, or shutting down or closed */
    NOT_ESTABLISHED,
    /** outside the outbound streams negotiated in INIT/INIT ACK */
    INVALID_STREAM,
    /** the stream's outgoing reset (RFC 6525) is in progress */
    STREAM_RESETTING
}
