package dev.sfu.core.room;

import dev.sfu.core.model.MediaCounters;
import dev.sfu.core.rtp.RtpPacket;
import dev.sfu.core.stats.NtpClock;
import dev.sfu.core.testing.ManualClock;
import dev.sfu.core.transport.DropCounters;
import dev.sfu.core.transport.RtpOutput;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Routing without a socket: a {@link RoomContext} on a {@link ManualClock} and {@link ManualScheduler}, a publisher
 * and receivers whose RTP goes to a {@link RecordingOutput}. Confined to the test's thread, as the room is to its
 * loop.
 */
final class RoutingFixture {
    final ManualClock clock = new ManualClock();
    final ManualScheduler scheduler = new ManualScheduler(clock);
    final MediaCounters counters = new MediaCounters();
    final DropCounters drops = new DropCounters();
    final RoomContext context;
    final Participant publisher;

    RoutingFixture(long keyframeCacheMaxAgeNanos) {
        context = new RoomContext(clock, NtpClock.system(clock), counters, drops, scheduler,
                PooledByteBufAllocator.DEFAULT, keyframeCacheMaxAgeNanos);
        publisher = new Participant("PA_pub", "pub", null, null, context, NO_PARENT);
    }

    static final ParticipantListener NO_PARENT = new ParticipantListener() {
        @Override
        public void layersChanged(Participant publisher) {}

        @Override
        public void transportFailed(Participant participant, String reason) {}
    };

    /** A track of the publisher with these layers (RIDs), its SSRCs 1000, 1001, ... */
    Publication publish(TrackKind kind, String codec, String... rids) {
        Publication publication = new Publication(context, "TR_" + codec, publisher, "0", kind, codec,
                kind == TrackKind.VIDEO ? 90000 : 48000, List.of(rids));
        for (int l = 0; l < publication.layerCount(); l++) {
            publication.layer(l).bindSsrc(1000 + l);
        }
        publisher.addPublication(publication);
        return publication;
    }

    /** A connected receiver subscribed to {@code publication}; its packets are recorded in {@code output}. */
    Subscription subscribe(Publication publication, RecordingOutput output, long ssrc) {
        Participant receiver = new Participant("PA_" + ssrc, "receiver", null, null, context, NO_PARENT);
        receiver.attachOutput(output);
        Subscription subscription = new Subscription(context, receiver, publication, "1",
                new ReceiverFormat(ssrc, 100, 0, 0));
        receiver.addSubscription(subscription);
        publication.addSubscription(subscription);
        subscription.activate();
        return subscription;
    }

    private final SourcePacket incoming = new SourcePacket();

    /** One packet of {@code layer} as the publisher's router hands it on: parsed, then {@link Publication#onRtp}. */
    void receive(Publication publication, Layer layer, ByteBuf packet) {
        if (!incoming.load(packet)) {
            throw new IllegalArgumentException("malformed RTP");
        }
        publication.onRtp(layer, incoming);
    }

    void advance(long millis) {
        scheduler.advance(millis, TimeUnit.MILLISECONDS);
    }

    /** What a receiver was sent: each packet's bytes as they left (before SRTP). */
    static final class RecordingOutput implements RtpOutput {
        final List<byte[]> sent = new ArrayList<>();
        boolean connected = true;
        private final byte[] scratch = new byte[2048];

        @Override
        public boolean isConnected() {
            return connected;
        }

        @Override
        public ByteBufAllocator alloc() {
            return PooledByteBufAllocator.DEFAULT;
        }

        @Override
        public byte[] outgoingRtp(int capacity) {
            return scratch;
        }

        @Override
        public void sendRtpCopy(byte[] packet, int length) {
            if (connected) {
                sent.add(java.util.Arrays.copyOf(packet, length));
            }
        }

        @Override
        public void sendRtp(ByteBuf packet) {
            try {
                if (connected) {
                    byte[] bytes = new byte[packet.readableBytes()];
                    packet.getBytes(packet.readerIndex(), bytes);
                    sent.add(bytes);
                }
            } finally {
                packet.release();
            }
        }

        int sequence(int i) {
            return RtpPacket.sequenceNumber(Unpooled.wrappedBuffer(sent.get(i)));
        }

        long ssrc(int i) {
            return RtpPacket.ssrc(Unpooled.wrappedBuffer(sent.get(i)));
        }

        /** The sequence numbers sent, in order. */
        List<Integer> sequences() {
            List<Integer> result = new ArrayList<>();
            for (int i = 0; i < sent.size(); i++) {
                result.add(sequence(i));
            }
            return result;
        }
    }
}
