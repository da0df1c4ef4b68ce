package dev.sfu.core.model;

import dev.sfu.core.model.UnsupportedTrack;
import java.util.List;

/**
 * A remote track a participant asked for on one of its m-lines but cannot decode: its offer for that m-line
 * lacks the publisher's codec (a Firefox without OpenH264 subscribing to H264, say). The m-line was answered
 * inactive; nothing is sent on it.
 *
 * @param mid the receiver's m-line that named the track
 * @param codec the codec the publisher sends, as in its SDP ("H264", "VP8", "opus")
 * @param offeredCodecs the media codecs the receiver offered on that m-line (no rtx/red/FEC; H264 only with
 *     packetization-mode=1), in its order
 */
public record UnsupportedTrack(String trackId, String participantId, String kind, String mid, String codec,
        List<String> offeredCodecs) {
    public UnsupportedTrack {
        offeredCodecs = List.copyOf(offeredCodecs);
    }
}
