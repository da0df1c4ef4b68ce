package dev.sfu.core.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The forwarding path's sendmmsg batch, over real loopback sockets. */
class DatagramBatchTest {
    private EventLoopGroup group;
    private Channel channel;
    private final DropCounters drops = new DropCounters();

    @AfterEach
    void close() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
        if (group != null) {
            group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void everyDatagramOfEveryFlushArrivesWhole() throws Exception {
        DatagramBatch batch = openEpoll();
        DatagramSocket[] receivers = {receiver(), receiver(), receiver()};
        try {
            int perReceiver = 60;
            int sent = onLoop(() -> {
                int flushed = 0;
                for (int i = 0; i < perReceiver; i++) {
                    for (int r = 0; r < receivers.length; r++) {
                        byte[] packet = packet(r, i, 200 + 37 * i % 1100);
                        if (!batch.hasRoomFor(packet.length)) {
                            flushed += batch.flush(); // a full slab goes first, as the media socket does
                        }
                        batch.add(packet, packet.length, address(receivers[r]));
                    }
                }
                return flushed + batch.flush();
            });
            assertEquals(perReceiver * receivers.length, sent);
            for (int r = 0; r < receivers.length; r++) {
                for (int i = 0; i < perReceiver; i++) {
                    assertArrayEquals(packet(r, i, 200 + 37 * i % 1100), receive(receivers[r]), "receiver " + r + " #" + i);
                }
            }
            assertTrue(onLoop(batch::isEmpty));
            assertEquals(0, drops.get(DropReason.SEND_FAILED));
        } finally {
            for (DatagramSocket s : receivers) {
                s.close();
            }
        }
    }

    @Test
    void aRefusedDatagramIsCountedAndTheOthersStillLeave() throws Exception {
        DatagramBatch batch = openEpoll();
        try (DatagramSocket receiver = receiver()) {
            InetSocketAddress nowhere = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0); // EINVAL
            int sent = onLoop(() -> {
                batch.add(packet(0, 1, 100), 100, address(receiver));
                batch.add(packet(0, 2, 100), 100, nowhere);
                batch.add(packet(0, 3, 100), 100, address(receiver));
                return batch.flush();
            });
            assertEquals(2, sent);
            assertEquals(1, drops.get(DropReason.SEND_FAILED));
            assertArrayEquals(packet(0, 1, 100), receive(receiver));
            assertArrayEquals(packet(0, 3, 100), receive(receiver));
        }
    }

    @Test
    void roomIsBoundedByTheSlabAndByWhatOneSendmmsgTakes() throws Exception {
        DatagramBatch batch = openEpoll();
        try (DatagramSocket receiver = receiver()) {
            assertEquals(DatagramBatch.SLAB_BYTES / 1200, onLoop(() -> addUntilFull(batch, 1200, receiver)));
            assertEquals(DatagramBatch.MAX_DATAGRAMS, onLoop(() -> addUntilFull(batch, 8, receiver)));
            assertFalse(DatagramBatch.accepts(DatagramBatch.SLAB_BYTES + 1));
            assertFalse(DatagramBatch.accepts(0));
        }
    }

    @Test
    void anNioChannelHasNoBatch() throws Exception {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        channel = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                .handler(new ChannelInboundHandlerAdapter())
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        assertNull(DatagramBatch.open(channel, drops));
    }

    private DatagramBatch openEpoll() throws InterruptedException {
        assumeTrue(Epoll.isAvailable(), "the epoll transport is not available here");
        group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        channel = new Bootstrap().group(group).channel(EpollDatagramChannel.class)
                .handler(new ChannelInboundHandlerAdapter())
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        DatagramBatch batch = DatagramBatch.open(channel, drops);
        assertNotNull(batch, "Netty's sendmmsg should be reachable with the Netty this build pins");
        channel.closeFuture().addListener(f -> batch.close());
        return batch;
    }

    /** Adds datagrams of {@code length} bytes while they fit, flushes, and says how many fitted. */
    private static int addUntilFull(DatagramBatch batch, int length, DatagramSocket receiver) {
        int n = 0;
        while (batch.hasRoomFor(length)) {
            batch.add(packet(0, n, length), length, address(receiver));
            n++;
        }
        batch.flush();
        return n;
    }

    private <T> T onLoop(Callable<T> task) throws Exception {
        return channel.eventLoop().submit(task).get();
    }

    private static DatagramSocket receiver() throws Exception {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        socket.setReceiveBufferSize(4 * 1024 * 1024);
        socket.setSoTimeout(5_000);
        return socket;
    }

    private static InetSocketAddress address(DatagramSocket socket) {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    private static byte[] receive(DatagramSocket socket) throws Exception {
        DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
        socket.receive(p);
        return Arrays.copyOf(p.getData(), p.getLength());
    }

    /** Distinct bytes per receiver, index and length, so a mixed-up or truncated datagram shows. */
    private static byte[] packet(int receiver, int index, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (receiver * 71 + index * 13 + i);
        }
        return b;
    }
}
