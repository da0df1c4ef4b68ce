package dev.sfu.core.datachannel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfu.core.sctp.DataChannelType;
import dev.sfu.core.sctp.ManualScheduler;
import dev.sfu.core.sctp.SctpConfig;
import dev.sfu.core.sctp.SendResult;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** DCEP (RFC 8832) and data channel messages between two endpoints over a lossless simulated link. */
class DataChannelEndpointTest {
    /** Records one endpoint's events. */
    static final class Events implements DataChannelEndpoint.Listener {
        final List<DataChannel> opened = new ArrayList<>();
        final List<DataChannel> closed = new ArrayList<>();
        final List<String> messages = new ArrayList<>();
        final List<byte[]> payloads = new ArrayList<>();
        String closedReason;

        @Override
        public void onChannelOpened(DataChannel channel) {
            opened.add(channel);
        }

        @Override
        public void onMessage(DataChannel channel, byte[] data, boolean binary) {
            messages.add(channel.label() + ":" + (binary ? "b:" : "s:") + new String(data, StandardCharsets.UTF_8));
            payloads.add(data);
        }

        @Override
        public void onChannelClosed(DataChannel channel) {
            closed.add(channel);
        }

        @Override
        public void onClosed(String reason) {
            closedReason = reason;
        }
    }

    private final ManualScheduler scheduler = new ManualScheduler();
    private final Events clientEvents = new Events();
    private final Events serverEvents = new Events();
    private DataChannelEndpoint client;
    private DataChannelEndpoint server;

    private void connect() {
        SctpConfig config = SctpConfig.defaults();
        client = new DataChannelEndpoint(config, scheduler::now, scheduler,
                packet -> scheduler.schedule(() -> deliver(server, packet), 5_000_000), true, clientEvents);
        server = new DataChannelEndpoint(config, scheduler::now, scheduler,
                packet -> scheduler.schedule(() -> deliver(client, packet), 5_000_000), false, serverEvents);
        client.association().connect();
        assertTrue(run(() -> server.association().state() == dev.sfu.core.sctp.SctpAssociation.State.ESTABLISHED
                && client.association().state() == dev.sfu.core.sctp.SctpAssociation.State.ESTABLISHED));
    }

    private static void deliver(DataChannelEndpoint to, byte[] packet) {
        ByteBuf buf = Unpooled.wrappedBuffer(packet);
        try {
            to.association().handlePacket(buf);
        } finally {
            buf.release();
        }
    }

    private boolean run(BooleanSupplier done) {
        return scheduler.runUntil(done, scheduler.now() + 30_000_000_000L, 1_000_000);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void clientOpensAndTheServerAcksWithTheChannelsParameters() {
        connect();
        DataChannel reliable = client.open("reliable", "", true, -1, -1);
        DataChannel lossy = client.open("lossy", "envelope", false, 0, -1);
        assertEquals(0, reliable.id());
        assertEquals(2, lossy.id());
        assertEquals(DataChannel.State.CONNECTING, reliable.state());
        assertTrue(run(() -> clientEvents.opened.size() == 2 && serverEvents.opened.size() == 2));
        assertEquals(DataChannel.State.OPEN, reliable.state());
        DataChannel serverLossy = serverEvents.opened.get(1);
        assertEquals("lossy", serverLossy.label());
        assertEquals("envelope", serverLossy.protocol());
        assertEquals(2, serverLossy.id());
        assertFalse(serverLossy.ordered());
        assertEquals(DataChannelType.PARTIAL_RELIABLE_REXMIT_UNORDERED, serverLossy.reliabilityType());
        assertEquals(0, serverLossy.reliabilityParameter());
    }

    @Test
    void serverOpensOnOddIdsAndMessagesFlowBothWays() {
        connect();
        DataChannel fromServer = server.open("notices", "", true, -1, -1);
        assertEquals(1, fromServer.id());
        // sent before the ACK: allowed, and ordered behind the OPEN (RFC 8832 §6)
        assertEquals(SendResult.QUEUED, fromServer.send(utf8("hello"), false));
        assertTrue(run(() -> clientEvents.messages.size() == 1));
        assertEquals("notices:s:hello", clientEvents.messages.get(0));
        DataChannel atClient = clientEvents.opened.get(0);
        assertEquals(SendResult.QUEUED, atClient.send(utf8("bin"), true));
        assertEquals(SendResult.QUEUED, atClient.send(new byte[0], true));
        assertEquals(SendResult.QUEUED, atClient.send(new byte[0], false));
        assertTrue(run(() -> serverEvents.messages.size() == 3));
        assertEquals(List.of("notices:b:bin", "notices:b:", "notices:s:"), serverEvents.messages);
        assertEquals(0, serverEvents.payloads.get(1).length);
    }

    @Test
    void closeResetsTheStreamAndBothSidesSeeTheChannelClosed() {
        connect();
        DataChannel channel = client.open("reliable", "", true, -1, -1);
        assertTrue(run(() -> serverEvents.opened.size() == 1 && clientEvents.opened.size() == 1));
        channel.send(utf8("last words"), false);
        channel.close();
        assertEquals(DataChannel.State.CLOSING, channel.state());
        assertTrue(run(() -> serverEvents.closed.size() == 1 && clientEvents.closed.size() == 1));
        assertEquals(List.of("reliable:s:last words"), serverEvents.messages);
        assertEquals(DataChannel.State.CLOSED, channel.state());
        assertEquals(DataChannel.State.CLOSED, serverEvents.opened.get(0).state());
        assertTrue(client.channels().isEmpty());
        assertTrue(server.channels().isEmpty());
        // a new channel after the close works (the next even id)
        DataChannel again = client.open("reliable", "", true, -1, -1);
        assertTrue(run(() -> serverEvents.opened.size() == 2));
        again.send(utf8("again"), false);
        assertTrue(run(() -> serverEvents.messages.size() == 2));
    }

    @Test
    void channelsOpenedBeforeTheAssociationIsUpAreOpenedWhenItIs() {
        SctpConfig config = SctpConfig.defaults();
        client = new DataChannelEndpoint(config, scheduler::now, scheduler,
                packet -> scheduler.schedule(() -> deliver(server, packet), 5_000_000), true, clientEvents);
        server = new DataChannelEndpoint(config, scheduler::now, scheduler,
                packet -> scheduler.schedule(() -> deliver(client, packet), 5_000_000), false, serverEvents);
        client.open("reliable", "", true, -1, -1);
        client.association().connect();
        assertTrue(run(() -> serverEvents.opened.size() == 1 && clientEvents.opened.size() == 1));
    }

    @Test
    void largeMessagesAndAbortReachTheListener() {
        connect();
        DataChannel channel = client.open("reliable", "", true, -1, -1);
        byte[] big = new byte[300_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        channel.send(big, true);
        assertTrue(run(() -> serverEvents.payloads.size() == 1));
        assertArrayEquals(big, serverEvents.payloads.get(0));
        server.association().abort("room closed");
        assertTrue(run(() -> clientEvents.closedReason != null));
        assertEquals(1, clientEvents.closed.size());
        assertEquals(1, serverEvents.closed.size());
        assertEquals(SendResult.NOT_ESTABLISHED, channel.send(utf8("x"), false));
    }

    @Test
    void deprecatedPartialPpidsAreJoinedUntilTheLastPart() {
        connect();
        client.open("reliable", "", true, -1, -1);
        assertTrue(run(() -> serverEvents.opened.size() == 1));
        client.association().send(0, 54, utf8("he"), false, -1, -1);
        client.association().send(0, 54, utf8("ll"), false, -1, -1);
        client.association().send(0, 51, utf8("o"), false, -1, -1);
        client.association().send(0, 99, utf8("unknown ppid"), false, -1, -1);
        assertTrue(run(() -> serverEvents.messages.size() == 1 && server.droppedMessages() == 1));
        assertEquals("reliable:s:hello", serverEvents.messages.get(0));
    }

    @Test
    void anOpenOnOneOfOurOwnIdsOrAMalformedDcepMessageIsIgnored() {
        connect();
        // the client (even ids) receives an OPEN on stream 2 from the server: not the server's parity
        server.association().send(2, 50, new byte[] {3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, false, -1, -1);
        server.association().send(4, 50, new byte[] {9}, false, -1, -1);
        assertTrue(run(() -> client.droppedMessages() == 2));
        assertTrue(clientEvents.opened.isEmpty());
        assertTrue(client.channels().isEmpty());
    }

    @Test
    void lossyChannelMessagesGoUnorderedWithoutRetransmissionsOnceAcked() {
        connect();
        DataChannel lossy = client.open("lossy", "", false, 0, -1);
        assertTrue(run(() -> clientEvents.opened.size() == 1));
        for (int i = 0; i < 50; i++) {
            assertEquals(SendResult.QUEUED, lossy.send(utf8("m" + i), true));
        }
        assertTrue(run(() -> serverEvents.messages.size() == 50));
        assertEquals(0, client.association().stats().retransmissions());
    }
}
