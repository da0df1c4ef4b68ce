package dev.sfu.core.rtcp;

/** A malformed RTCP packet: the only exception {@link RtcpCompound#parse} throws. */
public final class RtcpException extends Exception {
    public RtcpException(String message) {
        super(message);
    }
}
