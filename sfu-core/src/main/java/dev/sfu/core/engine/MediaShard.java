package dev.sfu.core.engine;

import dev.sfu.core.dtls.DtlsCertificate;
import dev.sfu.core.model.MediaConfig;
import dev.sfu.core.model.MediaCounters;
import dev.sfu.core.model.RoomSnapshot;
import dev.sfu.core.room.RoomAdmission;
import dev.sfu.core.room.RoomRegistry;
import dev.sfu.core.transport.DropCounters;
import dev.sfu.core.transport.TrafficCounters;
import dev.sfu.core.transport.UdpMediaSocket;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * One media event loop with its own UDP socket (its own port) and its own {@link RoomRegistry}: a room lives on
 * exactly one shard, so its transports, publications and subscriptions stay confined to one thread and fan-out
 * takes no locks, as with a single loop. A participant's ICE candidate carries its room's shard's port, so the
 * kernel delivers its packets to that loop's socket.
 */
final class MediaShard {
    private final int index;
    private final UdpMediaSocket socket;
    private final RoomRegistry registry;
    /** Rooms the engine placed here and not yet released (some may not exist yet); read to place new rooms. */
    private final AtomicInteger placedRooms = new AtomicInteger();
    private final NegotiationGate negotiations;

    private MediaShard(int index, UdpMediaSocket socket, RoomRegistry registry) {
        this.index = index;
        this.socket = socket;
        this.registry = registry;
        this.negotiations = new NegotiationGate(socket.eventLoop());
    }

    /**
     * Binds the shard's socket on {@code loop} (the configured port + {@code index}, or a free port when the
     * configured one is 0) and builds its registry on that loop.
     *
     * @param roomClosed told, on the shard's loop, each room its registry closed
     */
    static MediaShard start(int index, EventLoop loop, MediaConfig config, DtlsCertificate certificate,
            Executor handshakes, RoomAdmission admission, MediaCounters counters, DropCounters drops,
            TrafficCounters traffic, BiConsumer<MediaShard, String> roomClosed) throws InterruptedException {
        UdpMediaSocket socket = UdpMediaSocket.bind(loop, bindAddress(config.bindAddress(), index),
                config.allowedNetworks(), drops, traffic);
        MediaShard[] self = new MediaShard[1];
        try {
            RoomRegistry registry = MediaShards.onLoop(loop, () -> new RoomRegistry(config, socket, certificate,
                    handshakes, admission, counters, name -> roomClosed.accept(self[0], name))).join();
            self[0] = new MediaShard(index, socket, registry);
            return self[0];
        } catch (RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Shard {@code index}'s address: the configured port + index, or port 0 (a free port each). */
    static InetSocketAddress bindAddress(InetSocketAddress configured, int index) {
        if (configured.getPort() == 0 || index == 0) {
            return configured;
        }
        return configured.isUnresolved()
                ? InetSocketAddress.createUnresolved(configured.getHostString(), configured.getPort() + index)
                : new InetSocketAddress(configured.getAddress(), configured.getPort() + index);
    }

    int index() {
        return index;
    }

    EventLoop loop() {
        return socket.eventLoop();
    }

    RoomRegistry registry() {
        return registry;
    }

    /** Where the shard's socket is bound; its port is the one its rooms' answers announce. */
    InetSocketAddress localAddress() {
        return socket.localAddress();
    }

    /** A room's snapshot with this shard's loop and port (where its clients send media). */
    RoomSnapshot placed(RoomSnapshot room) {
        return room.onMediaLoop(index(), localAddress().getPort());
    }

    List<RoomSnapshot> placed(List<RoomSnapshot> rooms) {
        List<RoomSnapshot> result = new ArrayList<>(rooms.size());
        for (RoomSnapshot room : rooms) {
            result.add(placed(room));
        }
        return result;
    }

    /** The line offers wait in before they are negotiated on this loop. */
    NegotiationGate negotiations() {
        return negotiations;
    }

    AtomicInteger placedRooms() {
        return placedRooms;
    }

    /** Closes the socket; the registry must have closed its rooms first (on the loop). */
    void closeSocket() {
        socket.close();
    }
}
