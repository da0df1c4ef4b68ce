package dev.sfu.core.sdp;

import java.util.List;

/**
 * The SFU's answer for one m-line, ready for {@link AnswerBuilder}. {@code direction} is the SFU's
 * (RECVONLY when it receives, SENDONLY when it sends, INACTIVE when rejected). {@code simulcast},
 * {@code msidStream} and {@code msidTrack} may be null. {@code maxMessageSize} is the SFU's a=max-message-size
 * on an accepted m=application (the largest data channel message it takes), 0 on every other line.
 */
public record AnsweredMedia(String mid, String kind, boolean rejected, String protocol, List<String> formats,
                            Direction direction, List<Codec> codecs, List<Extmap> extensions, List<Rid> rids,
                            Simulcast simulcast, List<OutgoingSsrc> ssrcs, String msidStream, String msidTrack,
                            long maxMessageSize) {
    /** An audio or video line. */
    public AnsweredMedia(String mid, String kind, boolean rejected, String protocol, List<String> formats,
            Direction direction, List<Codec> codecs, List<Extmap> extensions, List<Rid> rids, Simulcast simulcast,
            List<OutgoingSsrc> ssrcs, String msidStream, String msidTrack) {
        this(mid, kind, rejected, protocol, formats, direction, codecs, extensions, rids, simulcast, ssrcs,
                msidStream, msidTrack, 0);
    }

    public AnsweredMedia {
        formats = List.copyOf(formats);
        codecs = List.copyOf(codecs);
        extensions = List.copyOf(extensions);
        rids = List.copyOf(rids);
        ssrcs = List.copyOf(ssrcs);
    }
}
