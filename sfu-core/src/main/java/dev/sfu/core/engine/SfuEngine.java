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
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The media plane: one or more media shards (an event loop with its own UDP socket and its own rooms, see
 * {@link MediaShard}), and a small bounded pool for DTLS handshakes. A room's state lives on its shard's event
 * loop; this class is the thread-safe door to it: every call for a room runs on the loop the room is placed on
 * ({@link MediaShards}, {@link RoomPlacements}), new rooms go to the least loaded loop, and what is global (the room
 * limit, draining, counts, counters, room events) is shared or summed over the shards.
 */
public final class SfuEngine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SfuEngine.class);

    private final MediaConfig config;
    private final EventLoopGroup group;
    private final MediaShards shards;
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
        this.shards = new MediaShards(started);
        log.info("media: {} loop(s) on UDP {} (announced {}), ICE from {}, {} transport", started.size(),
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
        for (MediaShard shard : shards.all()) {
            addresses.add(shard.localAddress());
        }
        return addresses;
    }

    /** The socket address of the loop the room is placed on (its clients' candidate port), if it is placed. */
    public Optional<InetSocketAddress> mediaAddress(String room) {
        MediaShard shard = shards.find(room);
        return shard == null ? Optional.empty() : Optional.of(shard.localAddress());
    }

    /** The index of the media loop the room is placed on, if it is placed; any thread. */
    public OptionalInt mediaLoopOf(String room) {
        MediaShard shard = shards.find(room);
        return shard == null ? OptionalInt.empty() : OptionalInt.of(shard.index());
    }

    /** How many media loops (and UDP ports) there are. */
    public int mediaLoops() {
        return shards.all().size();
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
        return shards.sum(RoomRegistry::roomCount);
    }

    /** Participants in all rooms now; readable from any thread. */
    public int participantCount() {
        return shards.sum(RoomRegistry::participantCount);
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
        return shards.onEachLoop(shard -> shard.placed(shard.registry().snapshots())).thenApply(perLoop -> {
            List<RoomSnapshot> rooms = new ArrayList<>();
            perLoop.forEach(rooms::addAll);
            rooms.sort(Comparator.comparingLong(RoomSnapshot::createdAtMillis));
            return rooms;
        });
    }

    public CompletableFuture<Optional<RoomSnapshot>> room(String name) {
        MediaShard shard = shards.find(name);
        if (shard == null) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return MediaShards.onLoop(shard.loop(),
                () -> shard.registry().snapshot(name).map(room -> shard.placed(room)));
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            shards.onEveryLoop(registry -> registry.closeAll("server shutting down")).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("closing rooms failed", e);
        }
        shards.all().forEach(MediaShard::closeSocket);
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
        return options.createRoomWith() == null ? shards.onRoom(room, work) : shards.onPlacedRoom(room, work);
    }

    /** Creates an empty room; fails with "room_exists", "too_many_rooms" or "draining". */
    public CompletableFuture<RoomSnapshot> createRoom(String name, RoomSettings settings) {
        return shards.onPlacedRoom(name, shard -> shard.placed(shard.registry().createRoom(name, settings)));
    }

    /** Changes a room's settings; fails with "room_not_found". */
    public CompletableFuture<RoomSnapshot> updateRoom(String name, RoomSettingsUpdate update) {
        return shards.onRoom(name, shard -> shard.placed(shard.registry().updateRoom(name, update)));
    }

    /** Disconnects everyone in the room (close code "room_deleted") and removes it; fails with "room_not_found". */
    public CompletableFuture<Void> deleteRoom(String name) {
        return shards.onRoom(name, shard -> {
            shard.registry().deleteRoom(name);
            return null;
        });
    }

    /** One participant; fails with "room_not_found" or "participant_not_found". */
    public CompletableFuture<ParticipantSnapshot> participant(String room, String participantId) {
        return shards.onRoom(room, shard -> shard.registry().participant(room, participantId));
    }

    /** One participant's per-stream statistics; fails with "room_not_found" or "participant_not_found". */
    public CompletableFuture<ParticipantStats> participantStats(String room, String participantId) {
        return shards.onRoom(room, shard -> shard.registry().participantStats(room, participantId));
    }

    /** Removes a participant (close code "kicked" with the reason). */
    public CompletableFuture<Void> kick(String room, String participantId, String reason) {
        return shards.onRoom(room, shard -> {
            shard.registry().kick(room, participantId, reason);
            return null;
        });
    }

    /**
     * Sends a data message from the backend to a room's participants (all of them, or those named in {@code to}) on
     * their reliable or lossy data channel; completes with how many took it. Fails with "room_not_found".
     */
    public CompletableFuture<Integer> sendData(String room, List<String> to, String topic, boolean reliable,
            byte[] payload) {
        return shards.onRoom(room, shard -> shard.registry().sendData(room, to, topic, reliable, payload));
    }

    /** Server-side mute: stops (or resumes) forwarding a published track; fails with "track_not_found". */
    public CompletableFuture<TrackSnapshot> setTrackMuted(String room, String participantId, String trackId,
            boolean muted) {
        return shards.onRoom(room, shard -> shard.registry().setTrackMuted(room, participantId, trackId, muted));
    }

    public CompletableFuture<ParticipantSnapshot> setParticipantMetadata(String room, String participantId,
            String metadata) {
        return shards.onRoom(room, shard -> shard.registry().setParticipantMetadata(room, participantId, metadata));
    }

    /** Where room events go (webhooks), from every loop (so the listener must be thread-safe); set once at start. */
    public CompletableFuture<Void> events(RoomEvents listener) {
        return shards.onEveryLoop(registry -> registry.events(listener));
    }

    /**
     * Refuses new rooms from now on (on every loop at once) and tells every participant the deadline (wall-clock
     * millis).
     */
    public CompletableFuture<Void> drain(long deadlineMillis) {
        admission.drain(deadlineMillis);
        return shards.onEveryLoop(registry -> registry.drain(deadlineMillis));
    }

    /** Whether {@link #drain} was called; any thread. */
    public boolean draining() {
        return admission.draining();
    }

    /** Published tracks in all rooms (refreshed every second); any thread. */
    public int trackCount() {
        return shards.sum(RoomRegistry::trackCount);
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
        return shards.onEachLoop(shard -> System.nanoTime() - queued)
                .thenApply(lags -> lags.stream().mapToLong(Long::longValue).toArray());
    }

    /** A shard's registry closed a room (on that shard's loop). */
    private void roomClosed(MediaShard shard, String room) {
        shards.roomClosed(shard, room);
    }
}
