package dev.sfu.loadtest;

import dev.sfu.core.srtp.SrtpProfile;
import dev.sfu.peer.PeerConfig;
import dev.sfu.peer.PeerStats;
import dev.sfu.peer.PeerTap;
import dev.sfu.server.ServerConfig;
import dev.sfu.server.SfuServer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.UnaryOperator;

/**
 * One load run: (optionally) start a server in this JVM, join every publisher and wait until its media flows,
 * join the subscribers in batches, warm up, sample everything once a second for the duration, then stop the
 * publishers, let the pipe drain and compare what the stamp counters say was sent with what arrived.
 *
 * <p>Every wait is bounded; the run takes at most warmup + duration + joins (15 s per batch) + ~10 s.
 */
public final class LoadRun {
    private final LoadOptions options;
    private final PrintStream progress;
    private final UnaryOperator<String> answerFilter;
    private final Map<String, String> serverEnvironment;
    private final IntConsumer afterSecond;

    /**
     * @param answerFilter applied to every SDP answer before the peer uses it (tests put a relay in the path by
     *     rewriting the candidate); identity otherwise
     * @param serverEnvironment extra SFU_* settings for an embedded server
     * @param afterSecond called with each measured second's number once it is sampled (tests act on the path then)
     */
    LoadRun(LoadOptions options, PrintStream progress, UnaryOperator<String> answerFilter,
            Map<String, String> serverEnvironment, IntConsumer afterSecond) {
        this.options = options;
        this.progress = progress;
        this.answerFilter = answerFilter;
        this.serverEnvironment = Map.copyOf(serverEnvironment);
        this.afterSecond = afterSecond;
    }

    LoadRun(LoadOptions options, PrintStream progress, UnaryOperator<String> answerFilter,
            Map<String, String> serverEnvironment) {
        this(options, progress, answerFilter, serverEnvironment, second -> { });
    }

    public LoadRun(LoadOptions options, PrintStream progress) {
        this(options, progress, UnaryOperator.identity(), Map.of());
    }

    public Report run() throws Exception {
        SfuServer server = null;
        LoadOptions opts = options;
        try {
            if (options.embedded()) {
                server = startEmbedded();
                opts = options.withEmbedded(URI.create("http://127.0.0.1:" + server.httpPort()));
            }
            return new Session(opts).run();
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    private SfuServer startEmbedded() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("SFU_HTTP_HOST", "127.0.0.1");
        env.put("SFU_HTTP_PORT", "0");
        env.put("SFU_RTC_BIND_HOST", "127.0.0.1");
        env.put("SFU_RTC_UDP_PORT", "0");
        env.put("SFU_ICE_ALLOWED_NETWORKS", "127.0.0.0/8");
        env.put("SFU_MAX_ROOMS", String.valueOf(Math.max(100, options.rooms())));
        env.put("SFU_MAX_PARTICIPANTS_PER_ROOM",
                String.valueOf(Math.max(50, options.publishers() + options.subscribers())));
        env.putAll(serverEnvironment);
        return SfuServer.start(ServerConfig.fromEnvironment(env));
    }

    /** PeerConfig for a publisher: delta frames sized for the bitrate, keyframes 4x as large (at least 4.4 KB). */
    static PeerConfig publisherConfig(String name, int senderId, int videoKbps, int fps) {
        int delta = Math.max(200, videoKbps * 1000 / 8 / fps);
        int key = Math.max(4400, Math.min(200_000, delta * 4));
        return new PeerConfig(name, senderId, true, true, fps, key, delta, 1100, Duration.ofMillis(2500),
                List.of(SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AES_CM_128_HMAC_SHA1_80));
    }

    private final class Session {
        private final LoadOptions o;
        /** HTTP/1.1: an h2c upgrade per scrape made the server's Vert.x loop a visible part of its CPU profile. */
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        private final RunMeters meters;
        private final List<LoadClient> publishers = new ArrayList<>();
        private final List<LoadClient> subscribers = new ArrayList<>();
        private final Map<LoadClient, PeerStats> lastStats = new HashMap<>();
        private final AtomicInteger nextSenderId = new AtomicInteger(1);
        private int joinFailures;
        private String lastJoinError;
        private Churn churn;

        private final StallTracker stalls;

        Session(LoadOptions o) {
            this.o = o;
            this.meters = new RunMeters(o.stallSeconds() * 1_000_000_000L);
            this.stalls = new StallTracker(meters.stallNanos);
        }

        Report run() throws Exception {
            EventLoopGroup group = new MultiThreadIoEventLoopGroup(Math.max(1, Runtime.getRuntime()
                    .availableProcessors()), new DefaultThreadFactory("load-peer", true),
                    Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
            ExecutorService dtls = Executors.newFixedThreadPool(4, new DefaultThreadFactory("load-dtls", true));
            ExecutorService joiner = Executors.newFixedThreadPool(o.joinConcurrency(),
                    new DefaultThreadFactory("load-join", true));
            ServerMetrics metrics = new ServerMetrics(http, o.url());
            LoopLagProbe lag = new LoopLagProbe(group, meters.loopLag);
            try {
                join(group, dtls, joiner);
                Set<Integer> publisherIds = new HashSet<>();
                for (LoadClient p : publishers) {
                    publisherIds.add(p.peer.config().senderId());
                }
                churn = new Churn(new ChurnSchedule(o.churnPerMinute()), subscribers, (room, name) -> connect(room,
                        LoadClient.Role.SUBSCRIBER, subscriberConfig(name), group, dtls), joiner, publisherIds,
                        o.layers() > 0);
                progress.printf("joined: %d publishers, %d subscribers (%d failed%s); warming up %d s%n",
                        publishers.size(), subscribers.size(), joinFailures,
                        lastJoinError == null ? "" : ", last: " + lastJoinError, o.warmupSeconds());
                sleepMillis(o.warmupSeconds() * 1000L);
                return measure(metrics, lag.loops());
            } finally {
                lag.close();
                if (churn != null) {
                    churn.stop();
                }
                for (LoadClient c : all()) {
                    c.close();
                }
                joiner.shutdownNow();
                dtls.shutdownNow();
                group.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
            }
        }

        /** Publishers and the subscribers now (churn changes the list: its monitor guards it). */
        private List<LoadClient> all() {
            List<LoadClient> all = new ArrayList<>(publishers);
            synchronized (subscribers) {
                all.addAll(subscribers);
            }
            return all;
        }

        private PeerConfig subscriberConfig(String name) {
            return PeerConfig.defaults(name, nextSenderId.getAndIncrement()).withPublishing(false, false);
        }

        private void join(EventLoopGroup group, ExecutorService dtls, ExecutorService joiner) throws Exception {
            List<Future<LoadClient>> pending = new ArrayList<>();
            for (int r = 0; r < o.rooms(); r++) {
                String room = "load-" + r;
                for (int p = 0; p < o.publishers(); p++) {
                    PeerConfig config = publisherConfig("pub-" + r + "-" + p, nextSenderId.getAndIncrement(),
                            o.videoKbps(), o.fps()).withSimulcast(o.layers()).withPacedVideo(o.pacing())
                            .withPublishing(o.audio(), true);
                    pending.add(joiner.submit(() -> connect(room, LoadClient.Role.PUBLISHER, config, group, dtls)));
                }
            }
            collect(pending, publishers);
            for (int r = 0; r < o.rooms(); r++) {
                String room = "load-" + r;
                for (int s = 0; s < o.subscribers(); s++) {
                    PeerConfig config = subscriberConfig("sub-" + r + "-" + s);
                    pending.add(joiner.submit(() -> connect(room, LoadClient.Role.SUBSCRIBER, config, group,
                            dtls)));
                }
            }
            collect(pending, subscribers);
        }

        /** Joins and waits for media; a participant that does not connect in time is retried once. */
        private LoadClient connect(String room, LoadClient.Role role, PeerConfig config, EventLoopGroup group,
                ExecutorService dtls) throws Exception {
            try {
                return connectOnce(room, role, config, group, dtls);
            } catch (IllegalStateException first) {
                progress.printf("retrying %s: %s%n", config.name(), first.getMessage());
                return connectOnce(room, role, config, group, dtls);
            }
        }

        private LoadClient connectOnce(String room, LoadClient.Role role, PeerConfig config, EventLoopGroup group,
                ExecutorService dtls) throws Exception {
            LoadClient client = LoadClient.start(http, o.url(), room, role, config, group, dtls, meters,
                    answerFilter, o.quality());
            try {
                client.connected().get(LoadClient.WAIT_SECONDS, TimeUnit.SECONDS);
                return client;
            } catch (Exception e) {
                String why = client.lastError != null ? client.lastError : e.toString();
                client.close();
                throw new IllegalStateException(config.name() + ": " + why, e);
            }
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

        private Report measure(ServerMetrics metrics, int toolLoops) throws Exception {
            List<Report.Second> rows = new ArrayList<>();
            LatencyHistogram.Snapshot audio0 = meters.audioLatency.snapshot();
            LatencyHistogram.Snapshot video0 = meters.videoLatency.snapshot();
            PeerTotals start = sample();
            ServerMetrics.Sample server0 = metrics.scrape();
            PeerTotals previous = start;
            ServerMetrics.Sample serverPrevious = server0;
            LatencyHistogram.Snapshot histPrevious = audio0.plus(video0);
            long heapMax = server0 == null ? -1 : server0.heapBytes();
            LatencyHistogram.Snapshot lag0 = meters.loopLag.snapshot();
            LatencyHistogram.Snapshot lagPrevious = lag0;
            long t0 = System.nanoTime();
            long sampledAt = t0;
            stalls.start(t0);
            churn.start(t0);
            for (int second = 1; second <= o.durationSeconds(); second++) {
                long wake = t0 + second * 1_000_000_000L;
                sleepMillis(Math.max(0, (wake - System.nanoTime()) / 1_000_000));
                PeerTotals now = sample();
                sampledAt = System.nanoTime();
                StallTracker.Sample stalled = observeStalls(sampledAt);
                LatencyHistogram.Snapshot lagNow = meters.loopLag.snapshot();
                LatencyHistogram.Snapshot dl = lagNow.minus(lagPrevious);
                ServerMetrics.Sample serverNow = metrics.scrape();
                LatencyHistogram.Snapshot hist = meters.audioLatency.snapshot().plus(meters.videoLatency.snapshot());
                PeerTotals d = now.minus(previous);
                LatencyHistogram.Snapshot dh = hist.minus(histPrevious);
                double cpuPercent = -1;
                double usPerPacket = -1;
                long serverOut = -1;
                long heapMb = -1;
                long nacks = -1;
                if (serverNow != null && serverPrevious != null) {
                    long cpu = serverNow.cpuNanos() - serverPrevious.cpuNanos();
                    serverOut = serverNow.packetsSent() - serverPrevious.packetsSent();
                    double wall = (serverNow.atNanos() - serverPrevious.atNanos()) / 1e9;
                    cpuPercent = cpu / 1e7 / wall;
                    usPerPacket = serverOut > 0 ? cpu / 1e3 / serverOut : -1;
                    heapMb = serverNow.heapBytes() >> 20;
                    heapMax = Math.max(heapMax, serverNow.heapBytes());
                    nacks = counterDelta(serverNow.nacksReceived(), serverPrevious.nacksReceived());
                }
                int[] churned = churn.stats.takeSecond();
                Report.Second row = new Report.Second(second, d.sentPackets(), d.sentBytes() * 8 / 1000,
                        d.receivedPackets(), d.receivedBytes() * 8 / 1000, d.missing(), d.corrupt(),
                        dh.percentile(0.5), dh.percentile(0.95), dh.percentile(0.99), round(cpuPercent), serverOut,
                        round(usPerPacket), heapMb, d.plis(), nacks, stalled.stallsStarted(), stalled.stalledNow(),
                        dl.percentile(0.5), dl.percentile(0.99), dl.max(), churned[0], churned[1]);
                rows.add(row);
                if (o.perSecond()) {
                    progress.printf("t=%3d s: sent %6d pkt, recv %7d pkt (%.1f Mb/s), lost %d, bad %d, p50/p99 %d/%d"
                            + " us (tool loop lag p99 %d us), server %.1f %% cpu, %.2f us/pkt, heap %d MB, pli %d,"
                            + " nack %d, stalled %d (%d new)%s%n", second, d.sentPackets(), d.receivedPackets(),
                            d.receivedBytes() * 8 / 1e6, d.missing(), d.corrupt(), dh.percentile(0.5),
                            dh.percentile(0.99), dl.percentile(0.99), cpuPercent, usPerPacket, heapMb, d.plis(), nacks,
                            stalled.stalledNow(), stalled.stallsStarted(), o.churnPerMinute() == 0 ? ""
                                    : ", churn left " + churned[0] + " joined " + churned[1]);
                }
                previous = now;
                serverPrevious = serverNow;
                histPrevious = hist;
                lagPrevious = lagNow;
                afterSecond.accept(second);
            }
            churn.stop();
            stalls.finish(sampledAt);
            LatencyHistogram.Snapshot loopLag = lagPrevious.minus(lag0);
            PeerTotals window = previous.minus(start);
            LatencyHistogram.Snapshot audio = meters.audioLatency.snapshot().minus(audio0);
            LatencyHistogram.Snapshot video = meters.videoLatency.snapshot().minus(video0);
            ServerMetrics.Sample serverEnd = serverPrevious;
            SubscriberChecks checks = new SubscriberChecks(publishers, subscribers, lastStats, o.layers());
            long[] delivery = checks.stopAndCountDelivery();
            long[] departedDelivery = churn.stats.delivery();
            delivery[0] += departedDelivery[0];
            delivery[1] += departedDelivery[1];
            Report.Churn churned = churn.report();
            long[] ttff = checks.firstFrameMillis();
            double cpuSeconds = -1;
            long out = -1;
            long in = -1;
            double us = -1;
            double cpuPercent = -1;
            if (server0 != null && serverEnd != null) {
                cpuSeconds = (serverEnd.cpuNanos() - server0.cpuNanos()) / 1e9;
                out = serverEnd.packetsSent() - server0.packetsSent();
                in = serverEnd.packetsReceived() - server0.packetsReceived();
                us = out > 0 ? cpuSeconds * 1e6 / out : -1;
                cpuPercent = cpuSeconds * 100 / ((serverEnd.atNanos() - server0.atNanos()) / 1e9);
            }
            long serverPlis = server0 == null || serverEnd == null ? -1
                    : counterDelta(serverEnd.plisSent(), server0.plisSent());
            long serverNacks = server0 == null || serverEnd == null ? -1
                    : counterDelta(serverEnd.nacksReceived(), server0.nacksReceived());
            long signalingErrors = churn.stats.departedSignalingErrors();
            String lastError = lastJoinError;
            for (LoadClient c : all()) {
                signalingErrors += c.signalingErrors.get();
                if (c.lastError != null) {
                    lastError = c.lastError;
                }
            }
            long expected = window.receivedPackets() + window.missing();
            List<Report.Stall> stalled = stalls.stalled();
            long stalledMillis = 0;
            for (Report.Stall st : stalled) {
                stalledMillis += st.stalledMillis();
            }
            List<String> problems = problems(window.corrupt(), delivery[0] - delivery[1], delivery[0], stalled,
                    churned);
            Report.Totals totals = new Report.Totals(publishers.size() + subscribers.size(), joinFailures,
                    window.sentPackets(), window.sentBytes() * 8, window.receivedPackets(), window.receivedBytes() * 8,
                    window.missing(), expected == 0 ? 0 : round(100.0 * window.missing() / expected),
                    window.corrupt(), window.srtpFailures(), window.unknownSsrc(), delivery[0], delivery[1],
                    delivery[0] - delivery[1], Report.Latency.of(audio), Report.Latency.of(video),
                    Report.Latency.of(audio.plus(video)), ttff[0], ttff[1], ttff[2], (int) ttff[3], window.plis(),
                    serverPlis, window.keyframes(), serverNacks, round(cpuSeconds), out, in, round(us), round(cpuPercent),
                    server0 == null ? -1 : server0.heapBytes() >> 20, serverEnd == null ? -1
                            : serverEnd.heapBytes() >> 20, heapMax >> 20, serverEnd == null || server0 == null ? -1
                            : serverEnd.dropsTotal() - server0.dropsTotal(), signalingErrors, lastError,
                    checks.videoLayerWidths(), stalls.stalls(), stalled.size(), stalledMillis, stalled,
                    Report.Latency.of(loopLag), problems, churned);
            Report.Setup setup = new Report.Setup(o.url().toString(), o.embedded(), o.rooms(), o.publishers(),
                    o.subscribers(), o.durationSeconds(), o.videoKbps(), o.fps(), o.layers(), o.quality(),
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), o.pacing(),
                    o.stallSeconds(), toolLoops, o.audio(), o.churnPerMinute());
            return new Report(setup, rows, totals);
        }

        /** Why the run failed (the exit status says so): empty when everything sent arrived intact and on time. */
        private List<String> problems(long corrupt, long deliveryMissing, long deliveryExpected,
                List<Report.Stall> stalled, Report.Churn churned) {
            List<String> problems = new ArrayList<>();
            if (publishers.size() + subscribers.size() == 0) {
                problems.add("no participant connected");
            }
            if (joinFailures > 0) {
                problems.add(joinFailures + " participants failed to join");
            }
            if (churned.joinFailures() + churned.stillJoining() > 0) {
                problems.add("churn: " + churned.joinFailures() + " newcomers failed to join, "
                        + churned.stillJoining() + " still joining at the end");
            }
            if (!stalled.isEmpty()) {
                problems.add(stalls.stalls() + " stalls on " + stalled.size() + " subscriptions");
            }
            if (deliveryMissing > 0) {
                problems.add("delivery incomplete: " + deliveryMissing + " of " + deliveryExpected
                        + " stamped packets missing");
            }
            if (corrupt > 0) {
                problems.add(corrupt + " packets arrived corrupt");
            }
            return problems;
        }

        /** Every subscription's counts into the stall tracker; returns what this sample found. */
        private StallTracker.Sample observeStalls(long now) {
            Map<String, LoadClient> publisherById = new HashMap<>();
            for (LoadClient p : publishers) {
                publisherById.put(p.participantId, p);
            }
            for (String gone : churn.departed()) {
                stalls.leave(gone, now);
            }
            List<LoadClient> current;
            synchronized (subscribers) {
                current = new ArrayList<>(subscribers);
            }
            for (LoadClient s : current) {
                PeerStats stats = lastStats.get(s);
                for (Map.Entry<String, LoadClient.Subscription> e : s.subscriptionsByMid.entrySet()) {
                    LoadClient publisher = publisherById.get(e.getValue().publisherId());
                    if (publisher == null) {
                        continue; // not one of ours: whether it sends is unknown
                    }
                    boolean video = "video".equals(e.getValue().kind());
                    Long ssrc = stats == null ? null : stats.answeredSsrcs().get(e.getKey());
                    LoadClient.Received r = ssrc == null ? null : s.received.get(ssrc);
                    stalls.observe(s.peer.config().name(), e.getKey(), e.getValue().kind(),
                            publisher.peer.config().name(), r == null ? 0 : r.packets,
                            Math.max(s.activeSinceNanos, r == null ? 0 : r.lastPacketNanos),
                            r == null ? 0 : r.resumedNanos,
                            PeerTap.packetsSent(publisher.peer, video), now);
                }
            }
            return stalls.endSample();
        }

        /**
         * Stats of every peer now, summed, plus what the subscribers that churn took away had received; a peer
         * that does not answer in 2 s keeps its last figures.
         */
        private PeerTotals sample() {
            List<LoadClient> clients;
            PeerTotals sum;
            synchronized (subscribers) { // a leaver is either in the list or in the departed sum, never both
                clients = all();
                sum = churn == null ? PeerTotals.ZERO : churn.stats.departed();
            }
            Map<LoadClient, CompletableFuture<PeerStats>> futures = new HashMap<>();
            for (LoadClient c : clients) {
                futures.put(c, c.stats());
            }
            for (LoadClient c : clients) {
                PeerStats s;
                try {
                    s = futures.get(c).get(2, TimeUnit.SECONDS);
                    lastStats.put(c, s);
                } catch (Exception e) {
                    s = lastStats.get(c);
                }
                sum = sum.plus(PeerTotals.of(s, PeerTap.payloadBytesSent(c.peer)));
            }
            lastStats.keySet().retainAll(futures.keySet());
            return sum;
        }

    }

    /** The growth of a server counter, or -1 when the server does not export it. */
    private static long counterDelta(long now, long before) {
        return now < 0 || before < 0 ? -1 : now - before;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static void sleepMillis(long millis) throws InterruptedException {
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }
}
