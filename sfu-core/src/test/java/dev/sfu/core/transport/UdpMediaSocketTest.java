package dev.sfu.core.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The media socket's send side over real loopback sockets: how a fan-out's copies reach the kernel. */
class UdpMediaSocketTest {
    private EventLoopGroup group;
    private UdpMediaSocket socket;
    private DatagramSocket receiver;
    private final TrafficCounters traffic = new TrafficCounters();

    @BeforeEach
    void bind() throws Exception {
        assumeTrue(Epoll.isAvailable(), "the send batch needs the epoll transport");
        group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        socket = UdpMediaSocket.bind(group, new InetSocketAddress("127.0.0.1", 0), AllowedNetworks.any(),
                new DropCounters(), traffic);
        receiver = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        receiver.setReceiveBufferSize(1 << 20);
    }

    @AfterEach
    void close() {
        if (receiver != null) {
            receiver.close();
        }
        if (socket != null) {
            socket.close();
        }
        if (group != null) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void aFanOutLeavesEveryThirtyTwoCopiesAndTheRestWhenTheDatagramIsDone() throws Exception {
        int copies = DatagramBatch.FLUSH_EVERY + 8;
        InetSocketAddress to = (InetSocketAddress) receiver.getLocalSocketAddress();
        byte[] packet = new byte[200];
        socket.eventLoop().submit(() -> {
            socket.beginDatagram();
            for (int i = 0; i < copies; i++) {
                packet[0] = (byte) i;
                socket.sendCopy(packet, packet.length, to);
            }
        }).get(5, TimeUnit.SECONDS);

        // the datagram is still being handled: the first chunk has left, the last 8 copies wait in the batch
        receiver.setSoTimeout(5_000);
        for (int i = 0; i < DatagramBatch.FLUSH_EVERY; i++) {
            assertEquals(i, receiveFirstByte(), "copy " + i + " of the first chunk");
        }
        receiver.setSoTimeout(300);
        assertThrows(SocketTimeoutException.class, this::receiveFirstByte, "the rest waits for the datagram's end");
        assertEquals(DatagramBatch.FLUSH_EVERY, traffic.copyDelays().count());

        socket.eventLoop().submit(() -> {
            socket.endDatagram();
            socket.endReadBatch();
        }).get(5, TimeUnit.SECONDS);
        receiver.setSoTimeout(5_000);
        for (int i = DatagramBatch.FLUSH_EVERY; i < copies; i++) {
            assertEquals(i, receiveFirstByte(), "copy " + i + " of the last chunk");
        }
        assertEquals(copies, traffic.copyDelays().count(), "every copy's delay counted once");
        assertEquals(1, traffic.forwardingDelays().count(), "one received datagram");
        assertEquals(copies, traffic.packetsOut());
    }

    private int receiveFirstByte() throws Exception {
        DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
        receiver.receive(p);
        return p.getData()[0] & 0xFF;
    }
}
