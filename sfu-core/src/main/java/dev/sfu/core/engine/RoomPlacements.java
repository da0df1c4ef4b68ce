package dev.sfu.core.engine;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which media shard each room lives on. Thread-safe: the control plane reads it from any thread to route a call
 * to the room's loop, and the shards' loops claim and release entries.
 *
 * <p>The invariant that keeps one room of a name on one shard: a room exists on shard S only while the map names
 * S for it. A shard creates a room only after {@link #claim} returned itself (on its loop, just before), and an
 * entry naming S is removed only on S's loop ({@link #release}, when S closed the room or found it absent), so
 * no other thread can move a room's entry while it exists. A join that was routed to S just as S closed the room
 * claims again there and follows the entry to wherever a concurrent join placed the room meanwhile.
 */
final class RoomPlacements {
    private final ConcurrentHashMap<String, MediaShard> byRoom = new ConcurrentHashMap<>();
    private final List<MediaShard> shards;

    RoomPlacements(List<MediaShard> shards) {
        this.shards = List.copyOf(shards);
    }

    /** The room's shard, placing the room on the least loaded shard when it is placed nowhere. */
    MediaShard place(String room) {
        return byRoom.computeIfAbsent(room, name -> counted(leastLoaded()));
    }

    /** The shard the room is placed on, or null. */
    MediaShard find(String room) {
        return byRoom.get(room);
    }

    /**
     * On {@code shard}'s loop, before it creates {@code room}: the room's shard, which is {@code shard} itself when
     * the room was placed nowhere.
     */
    MediaShard claim(String room, MediaShard shard) {
        return byRoom.computeIfAbsent(room, name -> counted(shard));
    }

    /** On {@code shard}'s loop, once the room is not (or no longer) there: forgets the placement if it is ours. */
    void release(String room, MediaShard shard) {
        if (byRoom.remove(room, shard)) {
            shard.placedRooms().decrementAndGet();
        }
    }

    /**
     * Fewest participants, then fewest rooms placed (so rooms created in a burst, before anyone joined them,
     * spread too), then the lowest index.
     */
    private MediaShard leastLoaded() {
        MediaShard best = shards.get(0);
        for (int i = 1; i < shards.size(); i++) {
            MediaShard candidate = shards.get(i);
            int participants = candidate.registry().participantCount();
            int bestParticipants = best.registry().participantCount();
            if (participants < bestParticipants || participants == bestParticipants
                    && candidate.placedRooms().get() < best.placedRooms().get()) {
                best = candidate;
            }
        }
        return best;
    }

    private static MediaShard counted(MediaShard shard) {
        shard.placedRooms().incrementAndGet();
        return shard;
    }
}
