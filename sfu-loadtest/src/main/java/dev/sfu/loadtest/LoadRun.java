package dev.sfu.loadtest;

import dev.sfu.server.ServerConfig;
import dev.sfu.server.SfuServer;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.function.UnaryOperator;

/**
 * One load run, its lifecycle: (optionally) start a server in this JVM, join every publisher and wait until its
 * media flows, join the subscribers in batches ({@link Participants}), warm up, sample everything once a second
 * for the duration with churn and data traffic running ({@link WindowSampler}, {@link DataTraffic}), then stop the
 * data senders and check what arrived, stop the publishers, let the pipe drain and
 * compare what the stamp counters say was sent with what arrived ({@link SubscriberChecks}), and put the report
 * together ({@link ReportAssembler}). Everything it started is closed on the way out, in reverse order.
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
            return session(opts);
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

    private Report session(LoadOptions o) throws Exception {
        // HTTP/1.1: an h2c upgrade per scrape made the server's Vert.x loop a visible part of its CPU profile
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        RunMeters meters = new RunMeters(o.stallSeconds() * 1_000_000_000L);
        Churn churn = null;
        DataTraffic data = null;
        try (Participants participants = new Participants(o, http, meters, answerFilter, progress);
                LoopLagProbe lag = new LoopLagProbe(participants.group(), meters.loopLag)) {
            try {
                participants.joinAll();
                churn = participants.churn();
                progress.println(participants.joinedLine());
                data = new DataTraffic(o, participants);
                data.start();
                sleepMillis(o.warmupSeconds() * 1000L);
                StallTracker stalls = new StallTracker(meters.stallNanos);
                WindowSampler sampler = new WindowSampler(o, participants, churn, meters,
                        new ServerMetrics(http, o.url()), stalls, progress, afterSecond, data);
                WindowSampler.Measurement window = sampler.measure();
                DataDelivery dataDelivery = data.finish();
                SubscriberChecks checks = new SubscriberChecks(participants.publishers(), participants.subscribers(),
                        sampler.lastStats(), o.layers());
                Report.Delivery delivery = checks.stopAndCountDelivery();
                Report.Churn churned = churn.report();
                return new ReportAssembler(o, lag.loops()).assemble(window, participants, delivery,
                        checks.firstFrame(), checks.videoLayerWidths(), stalls.summary(), churned,
                        churn.stats.departedSignalingErrors(), dataDelivery, data.lastRefusal(), data.closed());
            } finally {
                if (churn != null) {
                    churn.stop();
                }
                if (data != null) {
                    data.close();
                }
            }
        }
    }

    static void sleepMillis(long millis) throws InterruptedException {
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }
}
