package dev.sfu.peer;

import java.util.Map;

/**
 * An offer as the signaling layer sends it: the SDP and the {@code mid -> trackId} map of the recvonly m-lines
 * (what the protocol's {@code offer} message and {@code ParticipantHandle.offer} take).
 */
public record LocalOffer(String sdp, Map<String, String> subscriptions) {
    public LocalOffer {
        subscriptions = Map.copyOf(subscriptions);
    }
}
