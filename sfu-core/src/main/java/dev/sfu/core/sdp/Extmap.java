package dev.sfu.core.sdp;

import java.util.Objects;

/** {@code a=extmap:<id>[/<direction>] <uri>} (RFC 8285); direction is SENDRECV when not written. */
public record Extmap(int id, String uri, Direction direction) {
    /** Well-known header extension URIs. */
    public static final String SDES_MID = "urn:ietf:params:rtp-hdrext:sdes:mid";
    public static final String RTP_STREAM_ID = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
    public static final String REPAIRED_RTP_STREAM_ID = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";
    public static final String AUDIO_LEVEL = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    public static final String ABS_SEND_TIME = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
    public static final String TRANSPORT_CC =
            "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";

    public Extmap {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(direction, "direction");
    }
}
