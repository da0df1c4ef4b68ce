package dev.sfu.core.engine;

import dev.sfu.core.model.ParticipantPermissions;
import dev.sfu.core.model.SfuException;
import dev.sfu.core.model.TrackPreferences;
import dev.sfu.core.room.Participant;
import dev.sfu.core.room.RoomRegistry;
import io.netty.channel.EventLoop;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The control plane's handle on one joined participant. Thread-safe: each call runs on the media event loop
 * and completes its future there.
 */
public final class ParticipantHandle {
    private final Participant participant;
    private final RoomRegistry registry;
    private final EventLoop loop;
    private final NegotiationGate negotiations;

    ParticipantHandle(Participant participant, RoomRegistry registry, EventLoop loop, NegotiationGate negotiations) {
        this.participant = participant;
        this.registry = registry;
        this.loop = loop;
        this.negotiations = negotiations;
    }

    public String id() {
        return participant.id();
    }

    public String name() {
        return participant.name();
    }

    /**
     * Applies the client's SDP offer, through the loop's {@link NegotiationGate} (one negotiation on the loop at a
     * time, so a burst of offers cannot hold up the forwarding of the loop's rooms).
     *
     * @param subscriptions the mid of each recvonly m-line mapped to the track id it should receive
     * @return the SDP answer, or a future failed with {@link SfuException} (e.g. "invalid_sdp")
     */
    public CompletableFuture<String> offer(String sdp, Map<String, String> subscriptions) {
        Map<String, String> copy = Map.copyOf(subscriptions);
        return negotiations.submit(() -> registry.offer(participant, sdp, copy));
    }

    /**
     * Sets what this participant wants of a track it receives (a layer cap, its rendered size, pause,
     * priority); the server re-allocates layers at once.
     *
     * @return a future failed with {@link SfuException} "unknown_track" when it does not receive that track
     */
    public CompletableFuture<Void> setPreferences(String trackId, TrackPreferences preferences) {
        return MediaShards.onLoop(loop, () -> {
            registry.setPreferences(participant, trackId, preferences);
            return null;
        });
    }

    /** Leaves the room, releasing every resource of the participant. Idempotent. */
    public CompletableFuture<Void> leave() {
        return MediaShards.onLoop(loop, () -> {
            registry.leave(participant);
            return null;
        });
    }

    /** What this participant may do (the grants of its join token). */
    public ParticipantPermissions permissions() {
        return participant.permissions();
    }
}
