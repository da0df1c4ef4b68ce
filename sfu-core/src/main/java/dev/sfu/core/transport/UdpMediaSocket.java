package dev.sfu.core.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * The UDP socket of one media loop, shared by every participant of that loop's rooms (RFC 7983 demultiplexing
 * by first byte, then by remote address; ICE's USERNAME finds the participant for an address seen for the first
 * time).
 *
 * <p>Confinement: everything here runs on the socket's event loop ({@link #eventLoop()}); the tables are
 * plain maps because no other thread touches them. {@link #send} may be called from that loop only.
 */
public final class UdpMediaSocket {
    private final Channel channel;
    private final Map<String, ParticipantTransport> byUfrag = new HashMap<>();
    private final Map<InetSocketAddress, ParticipantTransport> byAddress = new HashMap<>();
    private final DropCounters drops;
    private final TrafficCounters traffic;
    /**
     * Where the forwarding path builds each outgoing RTP packet (copy, rewrite, protect) before one copy into
     * a pooled direct buffer: one per socket, hence per event loop. It grows only for a packet larger than any
     * seen.
     */
    private byte[] outgoingRtp = new byte[2048];
    /** The forwarding path's copies, sent with one sendmmsg per flush; null where Netty's epoll is not reachable. */
    private final DatagramBatch batch;
    private boolean inReadBatch;
    /** Datagrams written to the channel (not the batch) wait for a flush. */
    private boolean flushPending;
    /** The datagram being handled caused sends (its delay is counted when it is done). */
    private boolean datagramSent;
    /** When the datagram being handled was read. */
    private long readNanos;
    /** Sends of the current read batch, added to the shared counters once when it ends. */
    private long batchPacketsOut;
    private long batchBytesOut;

    private UdpMediaSocket(Channel channel, DropCounters drops, TrafficCounters traffic) {
        this.channel = channel;
        this.drops = drops;
        this.traffic = traffic;
        this.batch = DatagramBatch.open(channel, drops);
        if (batch != null) {
            // runs on the event loop, after the last read and in order with any send
            channel.closeFuture().addListener(closed -> batch.close());
        }
    }

    /**
     * Binds the socket (epoll when the native transport is available) and starts reading.
     *
     * @param group the event loop (or a group: the socket takes one loop of it for good)
     */
    public static UdpMediaSocket bind(EventLoopGroup group, InetSocketAddress bindAddress, AllowedNetworks allowed,
            DropCounters drops, TrafficCounters traffic) throws InterruptedException {
        UdpMediaSocket[] holder = new UdpMediaSocket[1];
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(Epoll.isAvailable() ? EpollDatagramChannel.class : NioDatagramChannel.class)
                .option(ChannelOption.SO_RCVBUF, 4 * 1024 * 1024)
                .option(ChannelOption.SO_SNDBUF, 4 * 1024 * 1024)
                .handler(new MediaDatagramHandler(() -> holder[0], allowed, drops, traffic));
        Channel channel = bootstrap.bind(bindAddress).sync().channel();
        holder[0] = new UdpMediaSocket(channel, drops, traffic);
        return holder[0];
    }

    public EventLoop eventLoop() {
        return channel.eventLoop();
    }

    public ByteBufAllocator alloc() {
        return channel.alloc();
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    /**
     * The loop's scratch array for building an outgoing RTP packet of up to {@code capacity} bytes (SRTP's tag
     * included); valid until the next call. Event loop only; hand it to {@link ParticipantTransport#sendRtpCopy}.
     */
    public byte[] outgoingRtp(int capacity) {
        if (outgoingRtp.length < capacity) {
            outgoingRtp = new byte[Math.max(capacity, 2 * outgoingRtp.length)];
        }
        return outgoingRtp;
    }

    public DropCounters drops() {
        return drops;
    }

    /** Registers a transport so ICE checks naming its ufrag reach it. Event loop only. */
    void register(ParticipantTransport transport) {
        byUfrag.put(transport.localUfrag(), transport);
    }

    /** Forgets a transport and every address bound to it. Event loop only. */
    void unregister(ParticipantTransport transport) {
        byUfrag.remove(transport.localUfrag(), transport);
        byAddress.values().removeIf(t -> t == transport);
    }

    void bindAddress(InetSocketAddress address, ParticipantTransport transport) {
        ParticipantTransport previous = byAddress.put(address, transport);
        if (previous != null && previous != transport) {
            previous.forgetAddress(address);
        }
    }

    void unbindAddress(InetSocketAddress address, ParticipantTransport transport) {
        byAddress.remove(address, transport);
    }

    ParticipantTransport transportByUfrag(String ufrag) {
        return byUfrag.get(ufrag);
    }

    ParticipantTransport transportByAddress(InetSocketAddress address) {
        return byAddress.get(address);
    }

    /**
     * Sends a datagram and takes ownership of the buffer. While a received datagram is handled the write is
     * flushed when it is done ({@link #endDatagram}, after the fan-out's last copies); elsewhere it is
     * flushed at once.
     */
    void send(ByteBuf datagram, InetSocketAddress recipient) {
        if (!channel.isActive()) {
            datagram.release();
            drops.count(DropReason.SEND_FAILED);
            return;
        }
        DatagramPacket packet = new DatagramPacket(datagram, recipient);
        if (countSend(datagram.readableBytes())) {
            channel.write(packet, channel.voidPromise());
            flushPending = true;
        } else {
            channel.writeAndFlush(packet, channel.voidPromise());
        }
    }

    /**
     * Sends a copy of {@code packet[0, length)}: the forwarding path's way, for many copies per received datagram.
     * Through the {@link DatagramBatch} when it is available (one {@code sendmmsg} per flush, no buffer per copy),
     * else through a pooled buffer and the channel like {@link #send}.
     */
    void sendCopy(byte[] packet, int length, InetSocketAddress recipient) {
        if (batch == null || !DatagramBatch.accepts(length) || !channel.isActive()) {
            ByteBuf datagram = channel.alloc().directBuffer(length);
            // From the array: writeBytes(ByteBuf) into Netty 4.2's adaptive buffers goes through two NIO slices
            // (about 64 bytes allocated per packet) and a checked copy.
            datagram.writeBytes(packet, 0, length);
            send(datagram, recipient);
            return;
        }
        if (!batch.hasRoomFor(length)) {
            flushCopies();
        }
        batch.add(packet, length, recipient);
        if (!countSend(length)) {
            batch.flush();
        } else if (batch.size() >= DatagramBatch.FLUSH_EVERY) {
            flushCopies();
        }
    }

    /**
     * Counts one datagram sent. While a received datagram is handled it is added to the read batch's sums (and the
     * datagram is marked as having caused sends) and this returns true: the caller defers the flush; elsewhere it
     * goes to the shared counters and the caller flushes at once.
     */
    private boolean countSend(int bytes) {
        if (!inReadBatch) {
            traffic.sent(bytes);
            return false;
        }
        batchPacketsOut++;
        batchBytesOut += bytes;
        datagramSent = true;
        return true;
    }

    /** Hands the batch to the kernel; while a datagram is handled, its copies' delay since the read is counted. */
    private void flushCopies() {
        int copies = batch.size();
        batch.flush();
        if (inReadBatch && copies > 0) {
            traffic.copyDelays().record(System.nanoTime() - readNanos, copies);
        }
    }

    /** Sends from any thread (used by the DTLS handshake thread); copies the bytes into a pooled buffer. */
    void sendFromAnyThread(byte[] datagram, InetSocketAddress recipient) {
        traffic.sent(datagram.length);
        ByteBuf buf = channel.alloc().directBuffer(datagram.length);
        buf.writeBytes(datagram);
        channel.writeAndFlush(new DatagramPacket(buf, recipient), channel.voidPromise());
    }

    /**
     * Called for every datagram read, then {@link #endDatagram} after it was handled, and {@link #endReadBatch} when
     * the read batch is over.
     */
    void beginDatagram() {
        inReadBatch = true;
        datagramSent = false;
        readNanos = System.nanoTime();
    }

    /**
     * Flushes what the datagram caused: its last copies leave as soon as its fan-out is done (the earlier ones went
     * every {@link DatagramBatch#FLUSH_EVERY} copies). Flushing once per read batch instead held the first datagram
     * of a batch until every other datagram of the batch had been fanned out too (a whole frame's packets: ~4 ms at
     * 100 receivers, docs/benchmarks.md), for no saving: one call per datagram already carries many copies.
     */
    void endDatagram() {
        if (datagramSent) {
            datagramSent = false;
            flushWrites();
            traffic.forwardingDelays().record(System.nanoTime() - readNanos);
        }
    }

    private void flushWrites() {
        if (batch != null && !batch.isEmpty()) {
            flushCopies();
        }
        if (flushPending) {
            flushPending = false;
            channel.flush();
        }
    }

    void endReadBatch() {
        inReadBatch = false;
        if (batchPacketsOut > 0) {
            traffic.sent(batchPacketsOut, batchBytesOut);
            batchPacketsOut = 0;
            batchBytesOut = 0;
        }
        flushWrites();
    }

    public void close() {
        channel.close().syncUninterruptibly();
    }

    int transportCount() {
        return byUfrag.size();
    }
}
