package dev.sfu.core.client;

/**
 * A track the peer sends on a sendonly m-line.
 *
 * @param rtxSsrc the RTX SSRC signalled with a=ssrc-group:FID (video), or -1
 */
record LocalTrack(String mid, String kind, long ssrc, long rtxSsrc, int payloadType, String streamId,
        String trackId) implements MediaLine {
    static final int OPUS_PT = 111;
    static final int VP8_PT = 96;
    static final int VP8_RTX_PT = 97;
    static final int H264_PT = 102;
    static final int H264_RTX_PT = 103;
    /** Chromium's id for urn:ietf:params:rtp-hdrext:sdes:mid. */
    static final int MID_EXTENSION_ID = 4;
}
