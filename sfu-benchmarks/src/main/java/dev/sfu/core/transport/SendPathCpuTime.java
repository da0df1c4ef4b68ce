package dev.sfu.core.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.socket.DatagramPacket;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The media socket's ways of sending one received packet's fan-out, timed in the event loop's thread CPU
 * (user + kernel): through the channel (a pooled buffer, a {@code DatagramPacket} and an outbound entry per copy,
 * then {@code flush}), through {@link DatagramBatch} (one slab, one {@code sendmmsg}), and through the batch flushed
 * every {@link DatagramBatch#FLUSH_EVERY} copies as the media socket does. Rounds alternate between them in one
 * JVM, so the machine's drift hits all alike. The receivers are drained by a reader thread, as live clients would
 * be.
 *
 * <p>In this package because {@link DatagramBatch} is the socket's own detail, not API.
 * {@code java -cp sfu-benchmarks/target/benchmarks.jar dev.sfu.core.transport.SendPathCpuTime [receivers=100]
 * [rounds=9]} (Linux with epoll; pin it with {@code taskset -c 0,1} and keep other load off those CPUs).
 */
public final class SendPathCpuTime {
    private static final int SIZE = 1210;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private SendPathCpuTime() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 9;
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        Channel channel = new Bootstrap().group(group).channel(EpollDatagramChannel.class)
                .option(ChannelOption.SO_SNDBUF, 4 * 1024 * 1024)
                .handler(new ChannelInboundHandlerAdapter())
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        DropCounters drops = new DropCounters();
        DatagramBatch batch = channel.eventLoop().submit(() -> DatagramBatch.open(channel, drops)).get();
        if (batch == null) {
            throw new IllegalStateException("no sendmmsg batch on this platform");
        }
        List<DatagramChannel> receivers = new ArrayList<>();
        InetSocketAddress[] targets = new InetSocketAddress[n];
        for (int i = 0; i < n; i++) {
            DatagramChannel r = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
            r.configureBlocking(false);
            receivers.add(r);
            targets[i] = (InetSocketAddress) r.getLocalAddress();
        }
        Thread reader = new Thread(() -> drain(receivers), "drain");
        reader.setDaemon(true);
        reader.start();
        byte[] packet = new byte[SIZE];
        Arrays.fill(packet, (byte) 0x5A);
        Runnable viaChannel = () -> {
            for (InetSocketAddress target : targets) {
                ByteBuf buf = channel.alloc().directBuffer(SIZE);
                buf.writeBytes(packet, 0, SIZE);
                channel.write(new DatagramPacket(buf, target), channel.voidPromise());
            }
            channel.flush();
        };
        Runnable viaBatch = () -> {
            for (InetSocketAddress target : targets) {
                batch.add(packet, SIZE, target);
            }
            batch.flush();
        };
        Runnable viaBatchInChunks = () -> {
            for (InetSocketAddress target : targets) {
                batch.add(packet, SIZE, target);
                if (batch.size() >= DatagramBatch.FLUSH_EVERY) {
                    batch.flush();
                }
            }
            batch.flush();
        };
        int fanouts = Math.max(50, 200_000 / n);
        timeOnLoop(channel, viaChannel, fanouts); // warm-up, JIT
        timeOnLoop(channel, viaBatch, fanouts);
        timeOnLoop(channel, viaBatchInChunks, fanouts);
        long[] channelNs = new long[rounds];
        long[] batchNs = new long[rounds];
        long[] chunkedNs = new long[rounds];
        for (int r = 0; r < rounds; r++) {
            channelNs[r] = timeOnLoop(channel, viaChannel, fanouts) / ((long) fanouts * n);
            batchNs[r] = timeOnLoop(channel, viaBatch, fanouts) / ((long) fanouts * n);
            chunkedNs[r] = timeOnLoop(channel, viaBatchInChunks, fanouts) / ((long) fanouts * n);
        }
        report("channel write + flush (pooled buffer per copy)", channelNs, n);
        report("DatagramBatch (slab + one sendmmsg)", batchNs, n);
        report("DatagramBatch, sendmmsg every " + DatagramBatch.FLUSH_EVERY + " copies", chunkedNs, n);
        System.out.println("send failures counted: " + drops.get(DropReason.SEND_FAILED));
        channel.close().sync();
        group.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
        batch.close();
    }

    /** Thread CPU of the event loop over {@code fanouts} runs of {@code fanout}, pausing between so the reader keeps up. */
    private static long timeOnLoop(Channel channel, Runnable fanout, int fanouts) throws Exception {
        long total = 0;
        for (int i = 0; i < fanouts; i++) {
            total += channel.eventLoop().submit(() -> {
                long t0 = THREADS.getCurrentThreadCpuTime();
                fanout.run();
                return THREADS.getCurrentThreadCpuTime() - t0;
            }).get();
        }
        return total;
    }

    private static void report(String name, long[] perPacketNs, int n) {
        long[] sorted = perPacketNs.clone();
        Arrays.sort(sorted);
        System.out.printf("%-50s N=%d: median %,d ns, min %,d ns CPU per datagram (rounds: %s)%n", name, n,
                sorted[sorted.length / 2], sorted[0], Arrays.toString(perPacketNs));
    }

    private static void drain(List<DatagramChannel> receivers) {
        try (Selector selector = Selector.open()) {
            for (DatagramChannel r : receivers) {
                r.register(selector, SelectionKey.OP_READ);
            }
            ByteBuffer sink = ByteBuffer.allocateDirect(2048);
            while (true) {
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    DatagramChannel r = (DatagramChannel) key.channel();
                    sink.clear();
                    while (r.receive(sink) != null) {
                        sink.clear();
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (Exception e) {
            System.err.println("reader stopped: " + e);
        }
    }
}
