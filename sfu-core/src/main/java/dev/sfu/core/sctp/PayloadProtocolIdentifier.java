package dev.sfu.core.sctp;

/**
 * The SCTP Payload Protocol Identifiers WebRTC data channels use (RFC 8831 §8, RFC 8832 §8.1). An empty
 * message travels as one byte with an "empty" PPID, since SCTP cannot send zero-length user data.
 */
public final class PayloadProtocolIdentifier {
    /** WebRTC DCEP (RFC 8832): DATA_CHANNEL_OPEN and DATA_CHANNEL_ACK. */
    public static final long DCEP = 50;
    public static final long STRING = 51;
    public static final long BINARY = 53;
    public static final long STRING_EMPTY = 56;
    public static final long BINARY_EMPTY = 57;

    private PayloadProtocolIdentifier() {}
}
