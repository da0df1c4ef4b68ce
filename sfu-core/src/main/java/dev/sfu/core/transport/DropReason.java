package dev.sfu.core.transport;

/** Why the media plane dropped a datagram or packet. Counted per reason, never logged per packet. */
public enum DropReason {
    SOURCE_NOT_ALLOWED,
    UNKNOWN_ADDRESS,
    UNKNOWN_PROTOCOL,
    MALFORMED_STUN,
    STUN_REJECTED,
    UNKNOWN_ICE_USERNAME,
    DTLS_QUEUE_FULL,
    SRTP_NOT_READY,
    SRTP_AUTH_FAILED,
    SRTP_REPLAYED,
    SRTP_MALFORMED,
    SRTP_OTHER,
    MALFORMED_RTP,
    MALFORMED_RTCP,
    UNKNOWN_SSRC,
    RTX_UNUSED,
    WAITING_FOR_KEYFRAME,
    SEND_FAILED,
    /** DTLS application data (SCTP) from a participant whose offer had no m=application. */
    UNEXPECTED_DTLS_DATA
}
