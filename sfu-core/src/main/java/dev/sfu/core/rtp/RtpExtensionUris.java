package dev.sfu.core.rtp;

/** URIs of the RTP header extensions (RFC 8285 {@code a=extmap}) that a WebRTC SFU negotiates. */
public final class RtpExtensionUris {
    /** RFC 9143 §15: the media identification (MID) of the m= section. */
    public static final String SDES_MID = "urn:ietf:params:rtp-hdrext:sdes:mid";
    /** RFC 8852 §3.1: RtpStreamId, the simulcast rid of the stream. */
    public static final String RTP_STREAM_ID = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
    /** RFC 8852 §3.2: the rid of the stream that an RTX stream repairs. */
    public static final String REPAIRED_RTP_STREAM_ID = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";
    /** RFC 6464: client-to-mixer audio level. */
    public static final String AUDIO_LEVEL = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    /** RFC 6465: mixer-to-client audio levels. */
    public static final String CSRC_AUDIO_LEVEL = "urn:ietf:params:rtp-hdrext:csrc-audio-level";
    /** RFC 5450: transmission time offset. */
    public static final String TOFFSET = "urn:ietf:params:rtp-hdrext:toffset";
    /** Absolute send time, 6.18 fixed-point seconds (used by REMB). */
    public static final String ABS_SEND_TIME = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
    /** Transport-wide sequence number (used by transport-cc feedback). */
    public static final String TRANSPORT_CC =
            "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
    /** 3GPP TS 26.114 coordination of video orientation. */
    public static final String VIDEO_ORIENTATION = "urn:3gpp:video-orientation";
    /** WebRTC playout delay limits. */
    public static final String PLAYOUT_DELAY = "http://www.webrtc.org/experiments/rtp-hdrext/playout-delay";
    /** WebRTC absolute capture time. */
    public static final String ABS_CAPTURE_TIME = "http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time";
    /** WebRTC video content type (screenshare or not). */
    public static final String VIDEO_CONTENT_TYPE = "http://www.webrtc.org/experiments/rtp-hdrext/video-content-type";
    /** WebRTC video timing. */
    public static final String VIDEO_TIMING = "http://www.webrtc.org/experiments/rtp-hdrext/video-timing";
    /** WebRTC color space. */
    public static final String COLOR_SPACE = "http://www.webrtc.org/experiments/rtp-hdrext/color-space";
    /** AV1 dependency descriptor (AV1 RTP specification, appendix A). */
    public static final String DEPENDENCY_DESCRIPTOR =
            "https://aomediacodec.github.io/av1-rtp-spec/#dependency-descriptor-rtp-header-extension";

    private RtpExtensionUris() {}
}
