package dev.sfu.loadtest;

import dev.sfu.core.srtp.SrtpProfile;
import dev.sfu.peer.PeerConfig;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * The run's participants and what they run on: the peers' event loops (one per CPU), the DTLS pool and the join
 * pool. Rooms {@code load-0} .. {@code load-(rooms-1)} each get the publishers first (each joined once its media
 * flows), then the subscribers; joins run {@code --join-concurrency} at a time and each is retried once.
 *
 * <p>Threading: the publisher list is filled by {@link #joinAll()} and fixed after it. The subscriber list
 * changes under churn; its monitor guards it ({@link Churn} takes the same list and monitor).
 */
final class Participants implements AutoCloseable {
    private final LoadOptions options;
    private final HttpClient http;
    private final RunMeters meters;
    private final UnaryOperator<String> answerFilter;
    private final PrintStream progress;
    private final EventLoopGroup group;
    private final ExecutorService dtls = Executors.newFixedThreadPool(4, new DefaultThreadFactory("load-dtls", true));
    private final ExecutorService joinPool;
    private final List<LoadClient> publishers = new ArrayList<>();
    private final List<LoadClient> subscribers = new ArrayList<>();
    private final AtomicInteger nextSenderId = new AtomicInteger(1);
    private int joinFailures;
    private String lastJoinError;

    /**
     * @param answerFilter applied to every SDP answer before the peer uses it (tests put a relay in the path by
     *     rewriting the candidate); identity otherwise
     */
    Participants(LoadOptions options, HttpClient http, RunMeters meters, UnaryOperator<String> answerFilter,
            PrintStream progress) {
        this.options = options;
        this.http = http;
        this.meters = meters;
        this.answerFilter = answerFilter;
        this.progress = progress;
        this.group = new MultiThreadIoEventLoopGroup(Math.max(1, Runtime.getRuntime().availableProcessors()),
                new DefaultThreadFactory("load-peer", true),
                Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        this.joinPool = Executors.newFixedThreadPool(options.joinConcurrency(),
                new DefaultThreadFactory("load-join", true));
    }

    /** PeerConfig for a publisher: delta frames sized for the bitrate, keyframes 4x as large (at least 4.4 KB). */
    static PeerConfig publisherConfig(String name, int senderId, int videoKbps, int fps) {
        int delta = Math.max(200, videoKbps * 1000 / 8 / fps);
        int key = Math.max(4400, Math.min(200_000, delta * 4));
        return new PeerConfig(name, senderId, true, true, fps, key, delta, 1100, Duration.ofMillis(2500),
                List.of(SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AES_CM_128_HMAC_SHA1_80));
    }

    /** The event loops the peers share. */
    EventLoopGroup group() {
        return group;
    }

    /** Joins every room's publishers, then its subscribers; a join that fails twice is counted and left out. */
    void joinAll() throws InterruptedException {
        LoadOptions o = options;
        List<Future<LoadClient>> pending = new ArrayList<>();
        for (int r = 0; r < o.rooms(); r++) {
            String room = "load-" + r;
            for (int p = 0; p < o.publishers(); p++) {
                PeerConfig config = publisherConfig("pub-" + r + "-" + p, nextSenderId.getAndIncrement(),
                        o.videoKbps(), o.fps()).withSimulcast(o.layers()).withPacedVideo(o.pacing())
                        .withPublishing(o.audio(), true);
                pending.add(joinPool.submit(() -> connect(room, LoadClient.Role.PUBLISHER, config)));
            }
        }
        collect(pending, publishers);
        for (int r = 0; r < o.rooms(); r++) {
            String room = "load-" + r;
            for (int s = 0; s < o.subscribers(); s++) {
                PeerConfig config = subscriberConfig("sub-" + r + "-" + s);
                pending.add(joinPool.submit(() -> connect(room, LoadClient.Role.SUBSCRIBER, config)));
            }
        }
        collect(pending, subscribers);
    }

    /** Churn that replaces these subscribers on the join pool; started and stopped by the caller. */
    Churn churn() {
        Set<Integer> publisherIds = new HashSet<>();
        for (LoadClient p : publishers) {
            publisherIds.add(p.peer.config().senderId());
        }
        return new Churn(new ChurnSchedule(options.churnPerMinute()), subscribers,
                (room, name) -> connect(room, LoadClient.Role.SUBSCRIBER, subscriberConfig(name)), joinPool,
                publisherIds, options.layers() > 0);
    }

    /** Joins and waits for media; a participant that does not connect in time is retried once. */
    private LoadClient connect(String room, LoadClient.Role role, PeerConfig config) throws Exception {
        try {
            return connectOnce(room, role, config);
        } catch (IllegalStateException first) {
            progress.printf("retrying %s: %s%n", config.name(), first.getMessage());
            return connectOnce(room, role, config);
        }
    }

    private LoadClient connectOnce(String room, LoadClient.Role role, PeerConfig config) throws Exception {
        LoadClient client = LoadClient.start(http, options.url(), room, role, config, group, dtls, meters,
                answerFilter, options.quality(), options.dataEnabled());
        try {
            client.connected().get(LoadClient.WAIT_SECONDS, TimeUnit.SECONDS);
            return client;
        } catch (Exception e) {
            String why = client.lastError != null ? client.lastError : e.toString();
            client.close();
            throw new IllegalStateException(config.name() + ": " + why, e);
        }
    }

    private PeerConfig subscriberConfig(String name) {
        return PeerConfig.defaults(name, nextSenderId.getAndIncrement()).withPublishing(false, false);
    }

    private void collect(List<Future<LoadClient>> pending, List<LoadClient> into) throws InterruptedException {
        for (Future<LoadClient> f : pending) {
            try {
                into.add(f.get(LoadClient.WAIT_SECONDS * 5, TimeUnit.SECONDS));
            } catch (Exception e) {
                joinFailures++;
                lastJoinError = String.valueOf(e.getCause() != null ? e.getCause().getMessage() : e);
                f.cancel(true);
            }
        }
        pending.clear();
    }

    /** The publishers, fixed once joined. */
    List<LoadClient> publishers() {
        return publishers;
    }

    /** The live subscriber list: hold its monitor to read it while churn runs. */
    List<LoadClient> subscribers() {
        return subscribers;
    }

    /** A copy of the subscribers now. */
    List<LoadClient> subscribersNow() {
        synchronized (subscribers) {
            return new ArrayList<>(subscribers);
        }
    }

    /** Publishers and the subscribers now. */
    List<LoadClient> all() {
        List<LoadClient> all = new ArrayList<>(publishers);
        all.addAll(subscribersNow());
        return all;
    }

    int connected() {
        return publishers.size() + subscribersNow().size();
    }

    /** Participants that failed to join, after their retry (churn's newcomers are counted by churn). */
    int joinFailures() {
        return joinFailures;
    }

    /** The last error any participant now in the run saw, else the last failed join's (null: none). */
    String lastError() {
        String lastError = lastJoinError;
        for (LoadClient c : all()) {
            if (c.lastError != null) {
                lastError = c.lastError;
            }
        }
        return lastError;
    }

    /** Signaling errors of the participants now in the run. */
    long signalingErrors() {
        long errors = 0;
        for (LoadClient c : all()) {
            errors += c.signalingErrors.get();
        }
        return errors;
    }

    /** The one line said once everybody joined. */
    String joinedLine() {
        return String.format("joined: %d publishers, %d subscribers (%d failed%s); warming up %d s",
                publishers.size(), subscribersNow().size(), joinFailures,
                lastJoinError == null ? "" : ", last: " + lastJoinError, options.warmupSeconds());
    }

    /** Closes every peer and its signaling, then the pools and the event loops. */
    @Override
    public void close() throws InterruptedException {
        for (LoadClient c : all()) {
            c.close();
        }
        joinPool.shutdownNow();
        dtls.shutdownNow();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
    }
}
