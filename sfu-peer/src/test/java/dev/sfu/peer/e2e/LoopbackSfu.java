package dev.sfu.peer.e2e;

import dev.sfu.core.engine.SfuEngine;
import dev.sfu.core.model.JoinOptions;
import dev.sfu.core.model.MediaConfig;
import dev.sfu.core.model.RoomSnapshot;
import dev.sfu.core.transport.AllowedNetworks;
import dev.sfu.peer.PeerConfig;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What the end-to-end tests with Java peers run on, as a JUnit extension: before each test an engine answering
 * ICE only on 127.0.0.1 (consent timeout 5 s unless configured otherwise), an event loop group for the peers and
 * a pool for their DTLS handshakes; after it, every session joined through {@link #join}, then the engine and
 * the threads, are closed.
 *
 * <pre>
 *   &#64;RegisterExtension
 *   final LoopbackSfu sfu = LoopbackSfu.threads("java-peer", 4).configured(c -&gt; c.withMediaLoops(2));
 *
 *   PeerSession ann = sfu.join("room", PeerConfig.defaults("ann", 1));
 * </pre>
 *
 * A test that needs its own configuration calls {@link #restart}; with {@link #startedByEachTest()} nothing
 * starts before the test.
 */
final class LoopbackSfu implements BeforeEachCallback, AfterEachCallback {
    private static final long WAIT_SECONDS = 10;

    private final String threadName;
    private final int dtlsThreads;
    private final UnaryOperator<MediaConfig> adjust;
    private final boolean startBeforeEach;
    private final List<PeerSession> sessions = new ArrayList<>();
    private SfuEngine engine;
    private EventLoopGroup group;
    private ExecutorService dtls;

    private LoopbackSfu(String threadName, int dtlsThreads, UnaryOperator<MediaConfig> adjust,
            boolean startBeforeEach) {
        this.threadName = threadName;
        this.dtlsThreads = dtlsThreads;
        this.adjust = adjust;
        this.startBeforeEach = startBeforeEach;
    }

    /** @param threadName names the peers' threads; @param dtlsThreads sizes their DTLS handshake pool */
    static LoopbackSfu threads(String threadName, int dtlsThreads) {
        return new LoopbackSfu(threadName, dtlsThreads, UnaryOperator.identity(), true);
    }

    /** @param change applied to the loopback configuration (e.g. the keyframe cache off) */
    LoopbackSfu configured(UnaryOperator<MediaConfig> change) {
        return new LoopbackSfu(threadName, dtlsThreads, change, startBeforeEach);
    }

    /** Each test starts the engine itself with {@link #restart}. */
    LoopbackSfu startedByEachTest() {
        return new LoopbackSfu(threadName, dtlsThreads, adjust, false);
    }

    /** {@code config} answering ICE on 127.0.0.1 only: for a test that starts an engine of its own. */
    static MediaConfig loopback(MediaConfig config) {
        return config.withBindAddress(new InetSocketAddress("127.0.0.1", 0))
                .withAnnouncedAddress("127.0.0.1")
                .withAllowedNetworks(AllowedNetworks.parse("127.0.0.0/8"));
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        if (startBeforeEach) {
            start(adjust);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        close();
    }

    /** Closes what runs (sessions included), then starts afresh with this change to the loopback configuration. */
    void restart(UnaryOperator<MediaConfig> change) throws Exception {
        close();
        start(change);
    }

    private void start(UnaryOperator<MediaConfig> change) throws InterruptedException {
        engine = SfuEngine.start(change.apply(loopback(MediaConfig.defaults())
                .withConsentTimeout(Duration.ofSeconds(5))));
        group = new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory(threadName, true),
                NioIoHandler.newFactory());
        dtls = Executors.newFixedThreadPool(dtlsThreads, new DefaultThreadFactory(threadName + "-dtls", true));
    }

    SfuEngine engine() {
        return engine;
    }

    /** A peer joined to {@code room} (not yet negotiating); closed after the test. */
    PeerSession join(String room, PeerConfig config) throws Exception {
        PeerSession session = PeerSession.join(engine, room, config, group, dtls);
        sessions.add(session);
        return session;
    }

    /** A peer joined to {@code room} with these options (identity, grants); closed after the test. */
    PeerSession join(String room, PeerConfig config, JoinOptions options) throws Exception {
        PeerSession session = PeerSession.join(engine, room, config, options, group, dtls);
        sessions.add(session);
        return session;
    }

    /** The sessions joined so far, in join order. */
    List<PeerSession> sessions() {
        return List.copyOf(sessions);
    }

    /** The room's snapshot; fails if there is no such room. */
    RoomSnapshot room(String name) throws Exception {
        return engine.room(name).get(WAIT_SECONDS, TimeUnit.SECONDS).orElseThrow();
    }

    /** Closes the peers' sessions first, then the engine and the threads. Idempotent. */
    private void close() throws Exception {
        for (PeerSession session : sessions) {
            session.close();
        }
        sessions.clear();
        if (engine != null) {
            engine.close();
            engine = null;
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
            group = null;
        }
        if (dtls != null) {
            dtls.shutdownNow();
            dtls.awaitTermination(5, TimeUnit.SECONDS);
            dtls = null;
        }
    }
}
