package dev.sfu.core.sctp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random, truncated and mutated packets into an established association: no exception escapes. */
class SctpAssociationFuzzTest {
    private static void feed(SctpAssociation association, byte[] packet) {
        ByteBuf buf = Unpooled.wrappedBuffer(packet);
        try {
            association.handlePacket(buf);
            assertEquals(0, buf.readerIndex());
        } finally {
            buf.release();
        }
    }

    /** A link whose client-to-server packets are also recorded, as seeds for mutation. */
    private static SimulatedLink recordedLink(long seed, List<byte[]> seen) {
        SimulatedLink link = new SimulatedLink(seed, SctpConfig.defaults());
        link.clientToServerFilter = packet -> seen.add(packet.clone());
        assertTrue(link.establish());
        for (int i = 0; i < 20; i++) {
            link.client.send(i % 3, 53, new byte[i * 300 + 1], i % 2 == 0, -1, -1);
        }
        link.client.resetStreams(2);
        assertTrue(link.runUntil(() -> link.serverEvents.messages.size() == 20, 10));
        return link;
    }

    private static void fixChecksum(byte[] packet) {
        ByteBuf buf = Unpooled.wrappedBuffer(packet);
        try {
            buf.setIntLE(8, (int) SctpPacket.checksum(buf, 0, packet.length));
        } finally {
            buf.release();
        }
    }

    @Test
    void randomAndTruncatedPacketsAreDroppedAndTheAssociationCarriesOn() {
        List<byte[]> seen = new ArrayList<>();
        SimulatedLink link = recordedLink(1, seen);
        Random random = new Random(42);
        for (int i = 0; i < 5_000; i++) {
            byte[] packet;
            if (i % 2 == 0) {
                packet = new byte[random.nextInt(200)];
                random.nextBytes(packet);
            } else {
                byte[] original = seen.get(random.nextInt(seen.size()));
                packet = Arrays.copyOf(original, random.nextInt(original.length));
            }
            feed(link.server, packet);
        }
        assertEquals(SctpAssociation.State.ESTABLISHED, link.server.state());
        assertTrue(link.server.stats().drops(SctpDropReason.MALFORMED) > 4_000);
        link.server.send(1, 53, new byte[5000], false, -1, -1);
        link.client.send(1, 53, new byte[5000], false, -1, -1);
        assertTrue(link.runUntil(() -> link.serverEvents.messages.size() == 21
                && link.clientEvents.messages.size() == 1, 10));
    }

    @Test
    void mutatedPacketsWithAValidChecksumNeverThrow() {
        for (long seed = 0; seed < 40; seed++) {
            List<byte[]> seen = new ArrayList<>();
            SimulatedLink link = recordedLink(seed, seen);
            Random random = new Random(seed);
            for (int i = 0; i < 500 && link.server.state() != SctpAssociation.State.CLOSED; i++) {
                byte[] packet = seen.get(random.nextInt(seen.size())).clone();
                int flips = 1 + random.nextInt(4);
                for (int f = 0; f < flips; f++) {
                    // keep the common header's ports and tag mostly intact so chunks get parsed
                    int at = 12 + random.nextInt(Math.max(1, packet.length - 12));
                    if (at < packet.length) {
                        packet[at] = (byte) random.nextInt(256);
                    }
                }
                if (random.nextInt(4) == 0) {
                    packet = Arrays.copyOf(packet, 12 + random.nextInt(packet.length - 11));
                }
                fixChecksum(packet);
                feed(link.server, packet);
                link.scheduler.advance(1_000_000);
            }
            // whatever happened is a protocol outcome: still up, or closed with the listener told
            if (link.server.state() == SctpAssociation.State.CLOSED) {
                assertNotNull(link.serverEvents.closed, "seed " + seed);
            } else {
                link.scheduler.advance(5_000_000_000L);
            }
        }
    }
}
