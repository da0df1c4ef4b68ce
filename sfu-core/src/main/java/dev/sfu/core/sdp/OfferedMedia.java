package dev.sfu.core.sdp;

import java.util.List;

/**
 * One m-line of an offer, typed. {@code index} counts from 0 in offer order (error messages print it
 * from 1). {@code mid} is null only for a rejected line without a=mid. {@code bundleOnly}: port 0 with
 * a=bundle-only and a mid in the BUNDLE group, a live m-line carried only on the bundle's transport
 * (RFC 8843 section 6), not a stopped one. {@code simulcast} is null when
 * absent; {@code msid} is the raw "stream track" value of a=msid, null when absent. For m=application
 * codecs and extensions are empty, {@code sctpPort} is a=sctp-port (5000 when absent, RFC 8841 section 5) and
 * {@code maxMessageSize} a=max-message-size (65536 when absent, section 6; 0 means no limit); both are 0 for
 * audio and video.
 */
public record OfferedMedia(int index, String mid, String kind, int port, boolean bundleOnly, String protocol, Direction direction,
                           List<Codec> codecs, List<Extmap> extensions, List<SsrcDescription> ssrcs,
                           List<SsrcGroup> ssrcGroups, List<Rid> rids, Simulcast simulcast, boolean rtcpMux,
                           String msid, int sctpPort, long maxMessageSize) {
    public OfferedMedia {
        codecs = List.copyOf(codecs);
        extensions = List.copyOf(extensions);
        ssrcs = List.copyOf(ssrcs);
        ssrcGroups = List.copyOf(ssrcGroups);
        rids = List.copyOf(rids);
    }

    /** Port 0 without bundle-only: a stopped transceiver or a line the offerer does not use. */
    public boolean rejected() {
        return port == 0 && !bundleOnly;
    }

    /** The codec with this payload type, or null. */
    public Codec codec(int payloadType) {
        for (Codec c : codecs) {
            if (c.payloadType() == payloadType) {
                return c;
            }
        }
        return null;
    }

    /** "m-line 2 (mid 1)": how error messages name this line. */
    String label() {
        return "m-line " + (index + 1) + (mid == null ? "" : " (mid " + mid + ")");
    }
}
