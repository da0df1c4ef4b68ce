package dev.sfu.core.engine;

import dev.sfu.core.model.SfuException;
import dev.sfu.core.room.RoomRegistry;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * The engine's media shards and how a call reaches them: on the loop of the room's shard ({@link RoomPlacements}:
 * an existing room's, or the least loaded one for a new room), on every loop, or summed over the shards' counts.
 * Thread-safe; {@link SfuEngine} is its only user.
 */
final class MediaShards {
    private final List<MediaShard> shards;
    private final RoomPlacements placements;

    MediaShards(List<MediaShard> shards) {
        this.shards = List.copyOf(shards);
        this.placements = new RoomPlacements(this.shards);
    }

    List<MediaShard> all() {
        return shards;
    }

    MediaShard get(int index) {
        return shards.get(index);
    }

    /** The shard the room is placed on, or null. */
    MediaShard find(String room) {
        return placements.find(room);
    }

    /** A count summed over the shards' registries (counts they keep readable from any thread). */
    int sum(ToIntFunction<RoomRegistry> count) {
        int total = 0;
        for (MediaShard shard : shards) {
            total += count.applyAsInt(shard.registry());
        }
        return total;
    }

    /** Runs {@code work} on every loop at once; its results by shard index. */
    <T> CompletableFuture<List<T>> onEachLoop(Function<MediaShard, T> work) {
        List<CompletableFuture<T>> each = new ArrayList<>();
        for (MediaShard shard : shards) {
            each.add(onLoop(shard.loop(), () -> work.apply(shard)));
        }
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<T> results = new ArrayList<>(each.size());
            for (CompletableFuture<T> result : each) {
                results.add(result.join());
            }
            return results;
        });
    }

    CompletableFuture<Void> onEveryLoop(Consumer<RoomRegistry> work) {
        return onEachLoop(shard -> {
            work.accept(shard.registry());
            return null;
        }).thenApply(done -> null);
    }

    /** Runs {@code work} on the loop of an existing room; fails with "room_not_found" when it is placed nowhere. */
    <T> CompletableFuture<T> onRoom(String room, Function<MediaShard, T> work) {
        MediaShard shard = placements.find(room);
        if (shard == null) {
            return CompletableFuture.failedFuture(new SfuException("room_not_found", "no room named '" + room + "'"));
        }
        return onLoop(shard.loop(), () -> work.apply(shard));
    }

    /**
     * Runs {@code work}, which may create the room, on the room's loop, placing the room on the least loaded loop
     * when it is placed nowhere. A placement that {@code work} leaves without a room (it failed, or closed the room)
     * is released.
     */
    <T> CompletableFuture<T> onPlacedRoom(String room, Function<MediaShard, T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        runPlaced(room, work, result);
        return result;
    }

    private <T> void runPlaced(String room, Function<MediaShard, T> work, CompletableFuture<T> result) {
        MediaShard shard = placements.place(room);
        try {
            shard.loop().execute(() -> {
                RoomRegistry registry = shard.registry();
                // The room may have closed here and been placed on another loop since this call was routed:
                // only the loop the placement names may create it.
                if (!registry.hasRoom(room) && placements.claim(room, shard) != shard) {
                    runPlaced(room, work, result);
                    return;
                }
                T value = null;
                Throwable failure = null;
                try {
                    value = work.apply(shard);
                } catch (Throwable t) {
                    failure = t;
                }
                // Released before the caller hears back, so a refused or closed room is placed nowhere by then.
                if (!registry.hasRoom(room)) {
                    placements.release(room, shard);
                }
                if (failure == null) {
                    result.complete(value);
                } else {
                    result.completeExceptionally(failure);
                }
            });
        } catch (RuntimeException rejected) {
            result.completeExceptionally(new SfuException("shutting_down", "the media plane is shutting down"));
        }
    }

    /** A shard's registry closed a room (on that shard's loop). */
    void roomClosed(MediaShard shard, String room) {
        placements.release(room, shard);
    }

    static <T> CompletableFuture<T> onLoop(EventLoop loop, Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            loop.execute(() -> {
                try {
                    result.complete(work.get());
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                }
            });
        } catch (RuntimeException rejected) {
            result.completeExceptionally(new SfuException("shutting_down", "the media plane is shutting down"));
        }
        return result;
    }
}
