package dev.sfu.peer;

/**
 * The peer's m=application line (data channels over SCTP, RFC 8841), offered as Chromium does once a data channel
 * exists: {@code UDP/DTLS/SCTP webrtc-datachannel}, a=sctp-port:5000 and the largest message the peer takes.
 */
record DataLine(String mid, long maxMessageSize) implements MediaLine {
    /** The largest message the peer reassembles: the SFU's 1 MiB parts plus their envelope, with room. */
    static final long DEFAULT_MAX_MESSAGE_SIZE = 4L << 20;

    @Override
    public String kind() {
        return "application";
    }
}
