package dev.sfu.core.room;

import dev.sfu.core.model.UnsupportedTrack;
import dev.sfu.core.sdp.AnsweredMedia;
import dev.sfu.core.sdp.Codec;
import dev.sfu.core.sdp.OfferedMedia;

/**
 * One m-line's fate, planned by {@link SessionNegotiator} before anything changes and applied by
 * {@link NegotiatedTracks}: the answer section, and what it publishes or subscribes to; {@code unsupported} when it
 * named a track whose codec the receiver did not offer.
 */
record MediaPlan(OfferedMedia offered, AnsweredMedia answer, Publication existingPublication,
        Publication subscribeTo, Subscription existingSubscription, long subscriptionSsrc, long rtxSsrc,
        UnsupportedTrack unsupported) {
    MediaPlan(OfferedMedia offered, AnsweredMedia answer, Publication existingPublication, Publication subscribeTo,
            Subscription existingSubscription, long subscriptionSsrc, long rtxSsrc) {
        this(offered, answer, existingPublication, subscribeTo, existingSubscription, subscriptionSsrc, rtxSsrc,
                null);
    }

    /** An accepted m=application: the participant's data channels, no track. */
    boolean dataChannels() {
        return "application".equals(answer.kind()) && !answer.rejected();
    }

    /** The RTX codec an answer pairs with its media codec (the first), or null. */
    static Codec rtxCodec(AnsweredMedia answer) {
        for (Codec codec : answer.codecs()) {
            if (codec.is("rtx") && !answer.codecs().isEmpty()
                    && Integer.valueOf(answer.codecs().get(0).payloadType()).equals(codec.apt())) {
                return codec;
            }
        }
        return null;
    }
}
