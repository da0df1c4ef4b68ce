package dev.sfu.peer;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.IoEventLoop;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/** A peer's own UDP socket: an epoll channel on an epoll loop, an NIO one on any other; 1 MiB socket buffers. */
final class PeerSocket {
    private static final int BUFFER_BYTES = 1024 * 1024;

    private PeerSocket() {}

    /** Binds a channel on {@code loop} with {@code transport} as its handler, attached to it once bound. */
    static CompletableFuture<Channel> bind(EventLoop loop, ClientTransport transport, InetSocketAddress address) {
        boolean epoll = loop instanceof IoEventLoop io && io.isCompatible(EpollIoHandle.class);
        CompletableFuture<Channel> result = new CompletableFuture<>();
        new Bootstrap().group(loop)
                .channel(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
                .option(ChannelOption.SO_RCVBUF, BUFFER_BYTES)
                .option(ChannelOption.SO_SNDBUF, BUFFER_BYTES)
                .handler(transport)
                .bind(address)
                .addListener(f -> {
                    if (!f.isSuccess()) {
                        result.completeExceptionally(f.cause());
                        return;
                    }
                    Channel channel = ((ChannelFuture) f).channel();
                    transport.attach(channel);
                    result.complete(channel);
                });
        return result;
    }
}
