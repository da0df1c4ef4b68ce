package dev.sfu.core.engine;

import dev.sfu.core.dtls.DtlsCertificate;
import dev.sfu.core.room.Participant;
import dev.sfu.core.room.RoomRegistry;
import dev.sfu.core.transport.DropCounters;
import dev.sfu.core.transport.TrafficCounters;
import dev.sfu.core.transport.UdpMediaSocket;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The media plane: one UDP socket shared by all participants, the rooms, and a small bounded pool for DTLS
 * handshakes. All room state lives on the socket's event loop; this class is the thread-safe door to it.
 */
public final class SfuEngine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SfuEngine.class);

    private final MediaConfig config;
    private final EventLoopGroup group;
    private final UdpMediaSocket socket;
    private final ThreadPoolExecutor handshakes;
    private final RoomRegistry registry;
    private final DropCounters drops = new DropCounters();
    private final TrafficCounters traffic = new TrafficCounters();
    private final DtlsCertificate certificate;

    private SfuEngine(MediaConfig config) throws InterruptedException {
        this.config = config;
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("sfu-media", true),
                Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        // Handshakes block in Bouncy Castle, so they get their own threads; bounded so a flood of joins
        // queues instead of spawning threads without limit.
        this.handshakes = new ThreadPoolExecutor(4, 32, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(256),
                new DefaultThreadFactory("sfu-dtls", true));
        this.certificate = DtlsCertificate.generate();
        this.socket = UdpMediaSocket.bind(group, config.bindAddress(), config.allowedNetworks(), drops, traffic);
        this.registry = onLoop(socket.eventLoop(),
                () -> new RoomRegistry(config, socket, certificate, handshakes)).join();
        log.info("media: UDP {} (announced {}:{}), ICE from {}, {} transport", socket.localAddress(),
                config.announcedAddress(), socket.localAddress().getPort(), config.allowedNetworks(),
                Epoll.isAvailable() ? "epoll" : "nio");
    }

    public static SfuEngine start(MediaConfig config) throws InterruptedException {
        return new SfuEngine(config);
    }

    public MediaConfig config() {
        return config;
    }

    /** Where the media socket is bound (its port is the one announced in candidates). */
    public InetSocketAddress mediaAddress() {
        return socket.localAddress();
    }

    public DropCounters drops() {
        return drops;
    }

    public TrafficCounters traffic() {
        return traffic;
    }

    /** Rooms that exist now; readable from any thread without entering the media loop. */
    public int roomCount() {
        return registry.roomCount();
    }

    /** Participants in all rooms now; readable from any thread. */
    public int participantCount() {
        return registry.participantCount();
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
        return onLoop(socket.eventLoop(), () -> {
            Participant participant = registry.join(room, name, observer);
            return new JoinResult(new ParticipantHandle(participant, registry, socket.eventLoop()),
                    registry.othersIn(participant));
        });
    }

    public CompletableFuture<List<RoomSnapshot>> rooms() {
        return onLoop(socket.eventLoop(), registry::snapshots);
    }

    public CompletableFuture<Optional<RoomSnapshot>> room(String name) {
        return onLoop(socket.eventLoop(), () -> registry.snapshot(name));
    }

    @Override
    public void close() {
        try {
            onLoop(socket.eventLoop(), () -> {
                registry.closeAll("server shutting down");
                return null;
            }).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("closing rooms failed", e);
        }
        socket.close();
        handshakes.shutdownNow();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    // ---- room control for backends (REST): every call runs on the media loop ----

    /**
     * Joins a room with the backend's options (identity, metadata, permissions, whether it may create the room).
     *
     * @return the participant and the others already there; fails with {@link SfuException}: "room_not_found",
     *     "room_full", "too_many_rooms", "draining"
     */
    public CompletableFuture<JoinResult> join(String room, String name, ParticipantObserver observer,
            JoinOptions options) {
        return onLoop(socket.eventLoop(), () -> {
            Participant participant = registry.join(room, name, observer, options);
            return new JoinResult(new ParticipantHandle(participant, registry, socket.eventLoop()),
                    registry.othersIn(participant));
        });
    }

    /** Creates an empty room; fails with "room_exists", "too_many_rooms" or "draining". */
    public CompletableFuture<RoomSnapshot> createRoom(String name, RoomSettings settings) {
        return onLoop(socket.eventLoop(), () -> registry.createRoom(name, settings));
    }

    /** Changes a room's settings; fails with "room_not_found". */
    public CompletableFuture<RoomSnapshot> updateRoom(String name, RoomSettingsUpdate update) {
        return onLoop(socket.eventLoop(), () -> registry.updateRoom(name, update));
    }

    /** Disconnects everyone in the room (close code "room_deleted") and removes it; fails with "room_not_found". */
    public CompletableFuture<Void> deleteRoom(String name) {
        return onLoop(socket.eventLoop(), () -> {
            registry.deleteRoom(name);
            return null;
        });
    }

    /** One participant; fails with "room_not_found" or "participant_not_found". */
    public CompletableFuture<ParticipantSnapshot> participant(String room, String participantId) {
        return onLoop(socket.eventLoop(), () -> registry.participant(room, participantId));
    }

    /** One participant's per-stream statistics; fails with "room_not_found" or "participant_not_found". */
    public CompletableFuture<ParticipantStats> participantStats(String room, String participantId) {
        return onLoop(socket.eventLoop(), () -> registry.participantStats(room, participantId));
    }

    /** Removes a participant (close code "kicked" with the reason). */
    public CompletableFuture<Void> kick(String room, String participantId, String reason) {
        return onLoop(socket.eventLoop(), () -> {
            registry.kick(room, participantId, reason);
            return null;
        });
    }

    /** Server-side mute: stops (or resumes) forwarding a published track; fails with "track_not_found". */
    public CompletableFuture<TrackSnapshot> setTrackMuted(String room, String participantId, String trackId,
            boolean muted) {
        return onLoop(socket.eventLoop(), () -> registry.setTrackMuted(room, participantId, trackId, muted));
    }

    public CompletableFuture<ParticipantSnapshot> setParticipantMetadata(String room, String participantId,
            String metadata) {
        return onLoop(socket.eventLoop(), () -> registry.setParticipantMetadata(room, participantId, metadata));
    }

    /** Where room events go (webhooks); set once at start. */
    public CompletableFuture<Void> events(RoomEvents listener) {
        return onLoop(socket.eventLoop(), () -> {
            registry.events(listener);
            return null;
        });
    }

    /** Refuses new rooms from now on and tells every participant the deadline (wall-clock millis). */
    public CompletableFuture<Void> drain(long deadlineMillis) {
        return onLoop(socket.eventLoop(), () -> {
            registry.drain(deadlineMillis);
            return null;
        });
    }

    /** Whether {@link #drain} was called; any thread. */
    public boolean draining() {
        return registry.draining();
    }

    /** Published tracks in all rooms (refreshed every second); any thread. */
    public int trackCount() {
        return registry.trackCount();
    }

    public MediaCounters counters() {
        return registry.counters();
    }

    /** How long a task waits before the media loop runs it: its lag, in nanoseconds. */
    public CompletableFuture<Long> probeLoopLag() {
        long queued = System.nanoTime();
        return onLoop(socket.eventLoop(), () -> System.nanoTime() - queued);
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
