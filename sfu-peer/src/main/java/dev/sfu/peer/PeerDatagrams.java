package dev.sfu.peer;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;

/**
 * The peer's way out to the SFU's candidate over its UDP channel: media and checks are written and flushed
 * once per batch (at the end of a read batch, or by {@link #flush}); DTLS records and raw test bytes go out at once.
 *
 * <p>Confinement: the channel's event loop, except {@link #sendNow}, which the DTLS handshake thread calls
 * ({@code writeAndFlush} is thread-safe). Buffers: every packet handed in is written (Netty releases it) or
 * released here.
 */
final class PeerDatagrams {
    private Channel channel;
    private volatile InetSocketAddress remote;
    private boolean pendingFlush;
    private boolean inReadBatch;
    /** The peer's network went quiet: nothing leaves but {@link #sendNow} (tests of consent). */
    private boolean silent;

    void attach(Channel boundChannel) {
        this.channel = boundChannel;
    }

    Channel channel() {
        return channel;
    }

    /** The SFU's candidate, once an answer named it; null before. */
    InetSocketAddress remote() {
        return remote;
    }

    void setRemote(InetSocketAddress address) {
        remote = address;
    }

    /** Writes a packet, taking ownership; flushed later (batched). */
    void write(ByteBuf packet) {
        InetSocketAddress to = remote;
        if (to == null || !channel.isActive() || silent) {
            packet.release();
            return;
        }
        channel.write(new DatagramPacket(packet, to), channel.voidPromise());
        pendingFlush = true;
    }

    /** Writes and flushes unless a read batch is under way (its end flushes). */
    void writeAndFlush(ByteBuf packet) {
        write(packet);
        flush();
    }

    void flush() {
        if (pendingFlush && !inReadBatch) {
            pendingFlush = false;
            channel.flush();
        }
    }

    /** A read batch begins: writes wait for its end. */
    void beginReadBatch() {
        inReadBatch = true;
    }

    /** The read batch ended: what it wrote goes out. */
    void endReadBatch() {
        inReadBatch = false;
        flush();
    }

    /** Sends bytes at once, silent or not (DTLS records from the handshake thread, hostile-input tests). */
    void sendNow(byte[] bytes) {
        InetSocketAddress to = remote;
        if (to == null || !channel.isActive()) {
            return;
        }
        ByteBuf buf = channel.alloc().directBuffer(bytes.length);
        buf.writeBytes(bytes);
        channel.writeAndFlush(new DatagramPacket(buf, to), channel.voidPromise());
    }

    /** Drops every outgoing check, media and RTCP packet while on, as a peer whose network vanished. */
    void setSilent(boolean on) {
        silent = on;
    }
}
