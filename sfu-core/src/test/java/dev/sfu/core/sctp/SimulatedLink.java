package dev.sfu.core.sctp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;

/**
 * Two associations joined by a simulated network on one {@link ManualScheduler}: each packet may be lost,
 * duplicated, delayed or reordered (extra random delay), all from a seeded {@link Random}.
 */
final class SimulatedLink {
    /** Records what an association reports. */
    static final class Recorder implements SctpAssociation.Listener {
        final List<Message> messages = new ArrayList<>();
        final List<int[]> resets = new ArrayList<>();
        boolean established;
        String closed;

        @Override
        public void onEstablished() {
            established = true;
        }

        @Override
        public void onMessage(int streamId, long ppid, byte[] payload) {
            messages.add(new Message(streamId, ppid, payload));
        }

        @Override
        public void onIncomingStreamsReset(int[] streamIds) {
            resets.add(streamIds);
        }

        @Override
        public void onClosed(String reason) {
            closed = reason;
        }
    }

    record Message(int streamId, long ppid, byte[] payload) {}

    final ManualScheduler scheduler = new ManualScheduler();
    final Random random;
    final Recorder clientEvents = new Recorder();
    final Recorder serverEvents = new Recorder();
    final SctpAssociation client;
    final SctpAssociation server;
    double loss;
    double duplication;
    long delayNanos = 10_000_000;
    long jitterNanos;
    /** packets for which this holds are dropped (both directions); the flag says client to server */
    Predicate<byte[]> clientToServerFilter = packet -> true;
    Predicate<byte[]> serverToClientFilter = packet -> true;
    long packetsCarried;

    SimulatedLink(long seed, SctpConfig config) {
        this(seed, config, config);
    }

    SimulatedLink(long seed, SctpConfig clientConfig, SctpConfig serverConfig) {
        random = new Random(seed);
        client = new SctpAssociation(clientConfig, scheduler::now, scheduler,
                packet -> carry(packet, true), clientEvents);
        server = new SctpAssociation(serverConfig, scheduler::now, scheduler,
                packet -> carry(packet, false), serverEvents);
    }

    private void carry(byte[] packet, boolean toServer) {
        if (!(toServer ? clientToServerFilter : serverToClientFilter).test(packet)) {
            return;
        }
        if (random.nextDouble() < loss) {
            return;
        }
        int copies = random.nextDouble() < duplication ? 2 : 1;
        for (int i = 0; i < copies; i++) {
            long delay = delayNanos + (jitterNanos > 0 ? (long) (random.nextDouble() * jitterNanos) : 0);
            scheduler.schedule(() -> deliver(packet, toServer), delay);
        }
    }

    private void deliver(byte[] packet, boolean toServer) {
        packetsCarried++;
        ByteBuf buf = Unpooled.wrappedBuffer(packet);
        try {
            (toServer ? server : client).handlePacket(buf);
        } finally {
            buf.release();
        }
    }

    /** Client connects; runs until both are established (or fails the bound). */
    boolean establish() {
        client.connect();
        return scheduler.runUntil(() -> clientEvents.established && serverEvents.established,
                scheduler.now() + 60_000_000_000L, 100_000);
    }

    boolean runUntil(java.util.function.BooleanSupplier done, long seconds) {
        return scheduler.runUntil(done, scheduler.now() + seconds * 1_000_000_000L, 50_000_000);
    }
}
