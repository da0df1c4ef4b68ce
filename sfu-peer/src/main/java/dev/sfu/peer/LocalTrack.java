package dev.sfu.peer;

import java.util.List;

/**
 * A track the peer sends on a sendonly m-line.
 *
 * @param ssrc the SSRC signalled with a=ssrc; for a simulcast track the SSRC of its lowest encoding
 * @param rtxSsrc the RTX SSRC signalled with a=ssrc-group:FID (video), or -1
 * @param encodings the simulcast encodings, lowest first (RID signalled, no a=ssrc lines); empty for a
 *     track sent as one encoding
 */
record LocalTrack(String mid, String kind, long ssrc, long rtxSsrc, int payloadType, String streamId,
        String trackId, List<SendEncoding> encodings) implements MediaLine {
    static final int OPUS_PT = 111;
    static final int VP8_PT = 96;
    static final int VP8_RTX_PT = 97;
    static final int H264_PT = 102;
    static final int H264_RTX_PT = 103;
    /** Chromium's id for urn:ietf:params:rtp-hdrext:sdes:mid. */
    static final int MID_EXTENSION_ID = 4;
    /** Chromium's id for urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id. */
    static final int RID_EXTENSION_ID = 10;
    /** The transport-wide sequence number (transport-cc), offered on receiving m-lines when enabled. */
    static final int TRANSPORT_CC_EXTENSION_ID = 3;

    LocalTrack {
        encodings = List.copyOf(encodings);
    }

    /** A track sent as one encoding. */
    LocalTrack(String mid, String kind, long ssrc, long rtxSsrc, int payloadType, String streamId, String trackId) {
        this(mid, kind, ssrc, rtxSsrc, payloadType, streamId, trackId, List.of());
    }

    boolean simulcast() {
        return !encodings.isEmpty();
    }
}
