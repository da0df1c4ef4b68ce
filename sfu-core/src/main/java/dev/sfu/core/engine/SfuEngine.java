package dev.sfu.core.engine;

import dev.sfu.core.dtls.DtlsCertificate;
import dev.sfu.core.model.JoinOptions;
import dev.sfu.core.model.MediaConfig;
import dev.sfu.core.model.MediaCounters;
import dev.sfu.core.model.ParticipantObserver;
import dev.sfu.core.model.ParticipantSnapshot;
import dev.sfu.core.model.ParticipantStats;
import dev.sfu.core.model.RoomEvents;
import dev.sfu.core.model.RoomSettings;
import dev.sfu.core.model.RoomSettingsUpdate;
import dev.sfu.core.model.RoomSnapshot;
import dev.sfu.core.model.SfuException;
import dev.sfu.core.model.TrackSnapshot;
import dev.sfu.core.room.Participant;
import dev.sfu.core.room.RoomAdmission;
import dev.sfu.core.room.RoomRegistry;
import dev.sfu.core.transport.DropCounters;
import dev.sfu.core.transport.TrafficCounters;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The media plane: one or more media shards (an event loop with its own UDP socket and its own rooms, see
 * {@link MediaShard}), and a small bounded pool for DTLS handshakes. A room's state lives on its shard's event
 * loop; this class is the thread-safe door to it: every call for a room runs on the loop the room is placed on
 * ({@link RoomPlacements}), new rooms go to the least loaded loop, and what is global (the room limit, draining,
 * counts, counters, room events) is shared or summed over the shards.
 */
public final class SfuEngine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SfuEngine.class);

    private final MediaConfig config;
    private final EventLoopGroup group;
    private final List<MediaShard> shards;
    private final RoomPlacements placements;
    private final ThreadPoolExecutor handshakes;
    private final RoomAdmission admission;
    private final MediaCounters counters = new MediaCounters();
    private final DropCounters drops = new DropCounters();
    private final TrafficCounters traffic = new TrafficCounters();
    private final DtlsCertificate certificate;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SfuEngine(MediaConfig config) throws InterruptedException {
        this.config = config;
        this.group = new MultiThreadIoEventLoopGroup(config.mediaLoops(), new DefaultThreadFactory("sfu-media", true),
                Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        // Handshakes block in Bouncy Castle, so they get their own threads; bounded so a flood of joins
        // queues instead of spawning threads without limit.
        this.handshakes = new ThreadPoolExecutor(4, 32, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(256),
                new DefaultThreadFactory("sfu-dtls", true));
        this.certificate = DtlsCertificate.generate();
        this.admission = new RoomAdmission(config.maxRooms());
        List<MediaShard> started = new ArrayList<>();
        try {
            for (EventExecutor loop : group) {
                started.add(MediaShard.start(started.size(), (EventLoop) loop, config, certificate, handshakes,
                        admission, counters, drops, traffic, this::roomClosed));
            }
        } catch (Exception e) { // also a port in use: Netty rethrows the BindException unchecked
            started.forEach(MediaShard::closeSocket);
            handshakes.shutdownNow();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
        this.shards = List.copyOf(started);
        this.placements = new RoomPlacements(shards);
        log.info("media: {} loop(s) on UDP {} (announced {}), ICE from {}, {} transport", shards.size(),
                mediaAddresses(), config.announcedAddress(), config.allowedNetworks(),
                Epoll.isAvailable() ? "epoll" : "nio");
    }

    public static SfuEngine start(MediaConfig config) throws InterruptedException {
        return new SfuEngine(config);
    }

    public MediaConfig config() {
        return config;
    }

    /** Where each media loop's socket is bound, by loop index (each port is announced to its rooms' clients). */
    public List<InetSocketAddress> mediaAddresses() {
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (MediaShard shard : shards) {
            addresses.add(shard.localAddress());
        }
        return addresses;
    }

    /** The socket address of the loop the room is placed on (its clients' candidate port), if it is placed. */
    public Optional<InetSocketAddress> mediaAddress(String room) {
        MediaShard shard = placements.find(room);
        return shard == null ? Optional.empty() : Optional.of(shard.localAddress());
    }

    /** The index of the media loop the room is placed on, if it is placed; any thread. */
    public OptionalInt mediaLoopOf(String room) {
        MediaShard shard = placements.find(room);
        return shard == null ? OptionalInt.empty() : OptionalInt.of(shard.index());
    }

    /** How many media loops (and UDP ports) there are. */
    public int mediaLoops() {
        return shards.size();
    }

    /** Participants on one media loop now; any thread. */
    public int participantCount(int loop) {
        return shards.get(loop).registry().participantCount();
    }

    /** Rooms on one media loop now; any thread. */
    public int roomCount(int loop) {
        return shards.get(loop).registry().roomCount();
    }

    public DropCounters drops() {
        return drops;
    }

    public TrafficCounters traffic() {
        return traffic;
    }

    /** Rooms that exist now; readable from any thread without entering the media loops. */
    public int roomCount() {
        int rooms = 0;
        for (MediaShard shard : shards) {
            rooms += shard.registry().roomCount();
        }
        return rooms;
    }

    /** Participants in all rooms now; readable from any thread. */
    public int participantCount() {
        int participants = 0;
        for (MediaShard shard : shards) {
            participants += shard.registry().participantCount();
        }
        return participants;
    }

    /** The certificate fingerprint every answer carries. */
    public String certificateFingerprint() {
        return certificate.fingerprint();
    }

    /**
     * Joins a room (created on first join).
     *
     * @return the participant and the others already there; fails with {@link SfuException} when a limit is hit
     */
    public CompletableFuture<JoinResult> join(String room, String name, ParticipantObserver observer) {
        return join(room, name, observer, JoinOptions.defaults());
    }

    /** Every room on every loop, oldest first. */
    public CompletableFuture<List<RoomSnapshot>> rooms() {
        List<CompletableFuture<List<RoomSnapshot>>> perLoop = new ArrayList<>();
        for (MediaShard shard : shards) {
            perLoop.add(onLoop(shard.loop(), () -> placed(shard, shard.registry().snapshots())));
        }
        return CompletableFuture.allOf(perLoop.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<RoomSnapshot> rooms = new ArrayList<>();
            for (CompletableFuture<List<RoomSnapshot>> loop : perLoop) {
                rooms.addAll(loop.join());
            }
            rooms.sort(Comparator.comparingLong(RoomSnapshot::createdAtMillis));
            return rooms;
        });
    }

    public CompletableFuture<Optional<RoomSnapshot>> room(String name) {
        MediaShard shard = placements.find(name);
        if (shard == null) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return onLoop(shard.loop(), () -> shard.registry().snapshot(name).map(room -> placed(shard, room)));
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (MediaShard shard : shards) {
            closing.add(onLoop(shard.loop(), () -> {
                shard.registry().closeAll("server shutting down");
                return null;
            }));
        }
        try {
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("closing rooms failed", e);
        }
        shards.forEach(MediaShard::closeSocket);
        handshakes.shutdownNow();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    // ---- room control for backends (REST): every call runs on the room's media loop ----

    /**
     * Joins a room with the backend's options (identity, metadata, permissions, whether it may create the room).
     *
     * @return the participant and the others already there; fails with {@link SfuException}: "room_not_found",
     *     "room_full", "too_many_rooms", "draining"
     */
    public CompletableFuture<JoinResult> join(String room, String name, ParticipantObserver observer,
            JoinOptions options) {
        Function<MediaShard, JoinResult> work = shard -> {
            Participant participant = shard.registry().join(room, name, observer, options);
            return new JoinResult(new ParticipantHandle(participant, shard.registry(), shard.loop(),
                    shard.negotiations()),
                    shard.registry().othersIn(participant));
        };
        return options.createRoomWith() == null ? onRoom(room, work) : onPlacedRoom(room, work);
    }

    /** Creates an empty room; fails with "room_exists", "too_many_rooms" or "draining". */
    public CompletableFuture<RoomSnapshot> createRoom(String name, RoomSettings settings) {
        return onPlacedRoom(name, shard -> placed(shard, shard.registry().createRoom(name, settings)));
    }

    /** Changes a room's settings; fails with "room_not_found". */
    public CompletableFuture<RoomSnapshot> updateRoom(String name, RoomSettingsUpdate update) {
        return onRoom(name, shard -> placed(shard, shard.registry().updateRoom(name, update)));
    }

    /** Disconnects everyone in the room (close code "room_deleted") and removes it; fails with "room_not_found". */
    public CompletableFuture<Void> deleteRoom(String name) {
        return onRoom(name, shard -> {
            shard.registry().deleteRoom(name);
            return null;
        });
    }

    /** One participant; fails with "room_not_found" or "participant_not_found". */
    public CompletableFuture<ParticipantSnapshot> participant(String room, String participantId) {
        return onRoom(room, shard -> shard.registry().participant(room, participantId));
    }

    /** One participant's per-stream statistics; fails with "room_not_found" or "participant_not_found". */
    public CompletableFuture<ParticipantStats> participantStats(String room, String participantId) {
        return onRoom(room, shard -> shard.registry().participantStats(room, participantId));
    }

    /** Removes a participant (close code "kicked" with the reason). */
    public CompletableFuture<Void> kick(String room, String participantId, String reason) {
        return onRoom(room, shard -> {
            shard.registry().kick(room, participantId, reason);
            return null;
        });
    }

    /** Server-side mute: stops (or resumes) forwarding a published track; fails with "track_not_found". */
    public CompletableFuture<TrackSnapshot> setTrackMuted(String room, String participantId, String trackId,
            boolean muted) {
        return onRoom(room, shard -> shard.registry().setTrackMuted(room, participantId, trackId, muted));
    }

    public CompletableFuture<ParticipantSnapshot> setParticipantMetadata(String room, String participantId,
            String metadata) {
        return onRoom(room, shard -> shard.registry().setParticipantMetadata(room, participantId, metadata));
    }

    /** Where room events go (webhooks), from every loop (so the listener must be thread-safe); set once at start. */
    public CompletableFuture<Void> events(RoomEvents listener) {
        return onEveryLoop(registry -> registry.events(listener));
    }

    /**
     * Refuses new rooms from now on (on every loop at once) and tells every participant the deadline (wall-clock
     * millis).
     */
    public CompletableFuture<Void> drain(long deadlineMillis) {
        admission.drain(deadlineMillis);
        return onEveryLoop(registry -> registry.drain(deadlineMillis));
    }

    /** Whether {@link #drain} was called; any thread. */
    public boolean draining() {
        return admission.draining();
    }

    /** Published tracks in all rooms (refreshed every second); any thread. */
    public int trackCount() {
        int tracks = 0;
        for (MediaShard shard : shards) {
            tracks += shard.registry().trackCount();
        }
        return tracks;
    }

    /** The counters of every loop (one set of adders, shared). */
    public MediaCounters counters() {
        return counters;
    }

    /**
     * How long a task just queued on each media loop waits before that loop runs it (index = loop), in
     * nanoseconds: the loop's backlog. Completed on the loops; at most one task per loop per call.
     */
    public CompletableFuture<long[]> probeLoopLags() {
        long queued = System.nanoTime();
        List<CompletableFuture<Long>> lags = new ArrayList<>();
        for (MediaShard shard : shards) {
            lags.add(onLoop(shard.loop(), () -> System.nanoTime() - queued));
        }
        return CompletableFuture.allOf(lags.toArray(CompletableFuture[]::new)).thenApply(done -> {
            long[] each = new long[lags.size()];
            for (int i = 0; i < each.length; i++) {
                each[i] = lags.get(i).join();
            }
            return each;
        });
    }

    /** The room's snapshot with the loop it runs on and that loop's port. */
    private static RoomSnapshot placed(MediaShard shard, RoomSnapshot room) {
        return room.onMediaLoop(shard.index(), shard.localAddress().getPort());
    }

    private static List<RoomSnapshot> placed(MediaShard shard, List<RoomSnapshot> rooms) {
        List<RoomSnapshot> result = new ArrayList<>(rooms.size());
        for (RoomSnapshot room : rooms) {
            result.add(placed(shard, room));
        }
        return result;
    }

    // ---- routing to the room's loop ----

    /** Runs {@code work} on the loop of an existing room; fails with "room_not_found" when it is placed nowhere. */
    private <T> CompletableFuture<T> onRoom(String room, Function<MediaShard, T> work) {
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
    private <T> CompletableFuture<T> onPlacedRoom(String room, Function<MediaShard, T> work) {
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
    private void roomClosed(MediaShard shard, String room) {
        placements.release(room, shard);
    }

    private CompletableFuture<Void> onEveryLoop(Consumer<RoomRegistry> work) {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (MediaShard shard : shards) {
            all.add(onLoop(shard.loop(), () -> {
                work.accept(shard.registry());
                return null;
            }));
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
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
