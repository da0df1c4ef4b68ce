package dev.sfu.core.sdp;

/**
 * What the {@code a=ssrc:<ssrc> <attribute>} lines (RFC 5576) of one SSRC say: its cname and its msid
 * ("stream track"); each null when not given. 32-bit SSRC in a long.
 */
public record SsrcDescription(long ssrc, String cname, String msid) {
}
