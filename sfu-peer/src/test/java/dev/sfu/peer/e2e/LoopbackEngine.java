package dev.sfu.peer.e2e;

import dev.sfu.core.engine.SfuEngine;
import dev.sfu.core.model.MediaConfig;
import dev.sfu.core.transport.AllowedNetworks;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * What the end-to-end tests with Java peers run on: an engine answering ICE only on 127.0.0.1 (consent
 * timeout 5 s), an event loop group for the peers and a pool for their DTLS handshakes. One per test.
 */
final class LoopbackEngine {
    final SfuEngine engine;
    final EventLoopGroup group;
    final ExecutorService dtls;

    LoopbackEngine(String threadName, int dtlsThreads) throws InterruptedException {
        this(threadName, dtlsThreads, UnaryOperator.identity());
    }

    /** @param adjust changes to the loopback configuration (e.g. the keyframe cache off) */
    LoopbackEngine(String threadName, int dtlsThreads, UnaryOperator<MediaConfig> adjust) throws InterruptedException {
        engine = SfuEngine.start(adjust.apply(MediaConfig.defaults()
                .withBindAddress(new InetSocketAddress("127.0.0.1", 0))
                .withAnnouncedAddress("127.0.0.1")
                .withAllowedNetworks(AllowedNetworks.parse("127.0.0.0/8"))
                .withConsentTimeout(Duration.ofSeconds(5))));
        group = new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory(threadName, true),
                NioIoHandler.newFactory());
        dtls = Executors.newFixedThreadPool(dtlsThreads, new DefaultThreadFactory(threadName + "-dtls", true));
    }

    /** Closes the peers' sessions first, then the engine and the threads. */
    void close(List<PeerSession> sessions) throws Exception {
        for (PeerSession session : sessions) {
            session.close();
        }
        engine.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        dtls.shutdownNow();
        dtls.awaitTermination(5, TimeUnit.SECONDS);
    }
}
