package dev.sfu.core.sdp;

/**
 * An SDP text could not be parsed, or an offer cannot be answered. The message is written for the
 * developer of the client that sent the offer, e.g. {@code "m-line 2 (mid 1): no common video codec;
 * offered H265, supported VP8, H264"}. M-line numbers in messages count from 1, in the order the lines
 * appear in the SDP.
 */
public final class SdpException extends Exception {
    private static final long serialVersionUID = 1L;

    public SdpException(String message) {
        super(message);
    }
}
