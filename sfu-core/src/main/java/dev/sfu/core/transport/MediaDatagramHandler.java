package dev.sfu.core.transport;

import dev.sfu.core.ice.IceLiteAgent;
import dev.sfu.core.stun.StunException;
import dev.sfu.core.stun.StunMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First stop of every datagram: source filter, then demultiplexing by the first byte (RFC 7983):
 * 0..3 STUN, 20..63 DTLS, 128..191 RTP/RTCP. Packets from addresses no ICE check has bound are dropped
 * before any crypto. The handler releases every datagram it reads.
 */
final class MediaDatagramHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(MediaDatagramHandler.class);

    private final Supplier<UdpMediaSocket> socket;
    private final AllowedNetworks allowed;
    private final DropCounters drops;
    private final TrafficCounters traffic;
    private static final long ERROR_LOG_INTERVAL_NANOS = 10_000_000_000L;
    /** Socket errors: logged, and left out since the last line (the channel's loop only). */
    private long loggedErrors;
    private long suppressedErrors;
    private long lastErrorLogNanos;

    MediaDatagramHandler(Supplier<UdpMediaSocket> socket, AllowedNetworks allowed, DropCounters drops,
            TrafficCounters traffic) {
        this.socket = socket;
        this.allowed = allowed;
        this.drops = drops;
        this.traffic = traffic;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        DatagramPacket datagram = (DatagramPacket) msg;
        UdpMediaSocket sock = socket.get();
        try {
            if (sock == null) {
                return;
            }
            traffic.received(datagram.content().readableBytes());
            sock.beginDatagram();
            dispatch(sock, datagram.content(), datagram.sender());
        } catch (RuntimeException e) {
            // A bug must never take the socket down for everyone; count and log at debug.
            drops.count(DropReason.UNKNOWN_PROTOCOL);
            log.debug("datagram from {} failed", datagram.sender(), e);
        } finally {
            datagram.release();
            if (sock != null) {
                sock.endDatagram();
            }
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        UdpMediaSocket sock = socket.get();
        if (sock != null) {
            sock.endReadBatch();
        }
    }

    /**
     * A socket error (a refused send, an ICMP error on read). They can come per packet (a firewall rejecting what we
     * send makes every sendto fail), so at most one line every {@link #ERROR_LOG_INTERVAL_NANOS}, with how many were
     * left out, and the stack trace only on the first.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        long now = System.nanoTime();
        if (loggedErrors > 0 && now - lastErrorLogNanos < ERROR_LOG_INTERVAL_NANOS) {
            suppressedErrors++;
            return;
        }
        if (loggedErrors++ == 0) {
            log.warn("media socket error", cause);
        } else {
            log.warn("media socket error: {} ({} more since the last line)", cause.toString(), suppressedErrors);
        }
        lastErrorLogNanos = now;
        suppressedErrors = 0;
    }

    private void dispatch(UdpMediaSocket sock, ByteBuf content, InetSocketAddress sender) {
        if (!allowed.allows(sender)) {
            drops.count(DropReason.SOURCE_NOT_ALLOWED);
            return;
        }
        if (!content.isReadable()) {
            drops.count(DropReason.UNKNOWN_PROTOCOL);
            return;
        }
        int first = content.getUnsignedByte(content.readerIndex());
        if (first < 4) {
            handleStun(sock, content, sender);
            return;
        }
        ParticipantTransport transport = sock.transportByAddress(sender);
        if (transport == null) {
            drops.count(DropReason.UNKNOWN_ADDRESS);
        } else if (first >= 20 && first <= 63) {
            transport.onDtlsDatagram(content);
        } else if (first >= 128 && first <= 191) {
            transport.onSrtpDatagram(content, sender);
        } else {
            drops.count(DropReason.UNKNOWN_PROTOCOL);
        }
    }

    private void handleStun(UdpMediaSocket sock, ByteBuf content, InetSocketAddress sender) {
        if (!StunMessage.isStun(content)) {
            drops.count(DropReason.MALFORMED_STUN);
            return;
        }
        StunMessage message;
        try {
            message = StunMessage.decode(content);
        } catch (StunException e) {
            drops.count(DropReason.MALFORMED_STUN);
            return;
        }
        ParticipantTransport transport = sock.transportByAddress(sender);
        String ufrag = IceLiteAgent.localUfragOf(message.username());
        if (ufrag != null) {
            ParticipantTransport named = sock.transportByUfrag(ufrag);
            if (named != null) {
                transport = named;
            }
        }
        if (transport == null) {
            drops.count(DropReason.UNKNOWN_ICE_USERNAME);
            return;
        }
        transport.onStun(message, content, sender);
    }
}
