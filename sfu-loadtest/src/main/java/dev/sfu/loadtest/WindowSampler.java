package dev.sfu.loadtest;

import dev.sfu.peer.PeerStats;
import dev.sfu.peer.PeerTap;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * The measured window: once a second, every peer's stats summed, every subscription into the stall tracker, the
 * server's /metrics and the histograms, turned into a {@link Report.Second} row (and a progress line with
 * {@code --per-second}); at the end, what the window as a whole saw.
 *
 * <p>Runs on the measuring thread, which owns it; peers' stats are read with a hop onto each peer's loop.
 */
final class WindowSampler {
    /** A peer whose stats do not come in this long keeps its last figures. */
    private static final long STATS_WAIT_SECONDS = 2;

    /**
     * What the window saw, for {@link ReportAssembler}.
     *
     * @param peers the peers' sums over the window (the leavers' up to when they left)
     * @param server the server from the first scrape to the last, or null when either failed
     * @param serverStart the first scrape (null: failed), serverEnd the last
     * @param serverHeapMaxBytes the largest heap a scrape saw
     * @param data the data traffic over the window
     */
    record Measurement(List<Report.Second> rows, PeerTotals peers, LatencyHistogram.Snapshot audio,
            LatencyHistogram.Snapshot video, LatencyHistogram.Snapshot loopLag, ServerMetrics.Interval server,
            ServerMetrics.Sample serverStart, ServerMetrics.Sample serverEnd, long serverHeapMaxBytes,
            DataTotals data) {}

    private final LoadOptions options;
    private final Participants participants;
    private final Churn churn;
    private final RunMeters meters;
    private final ServerMetrics metrics;
    private final StallTracker stalls;
    private final PrintStream progress;
    private final IntConsumer afterSecond;
    private final DataTraffic data;
    /** Each peer's last stats that came in time. */
    private final Map<LoadClient, PeerStats> lastStats = new HashMap<>();

    WindowSampler(LoadOptions options, Participants participants, Churn churn, RunMeters meters,
            ServerMetrics metrics, StallTracker stalls, PrintStream progress, IntConsumer afterSecond,
            DataTraffic data) {
        this.data = data;
        this.options = options;
        this.participants = participants;
        this.churn = churn;
        this.meters = meters;
        this.metrics = metrics;
        this.stalls = stalls;
        this.progress = progress;
        this.afterSecond = afterSecond;
    }

    /** Each peer's last stats (after {@link #measure()}: the last second's). */
    Map<LoadClient, PeerStats> lastStats() {
        return lastStats;
    }

    /** Samples every second of the window, with churn running during it; returns what the window saw. */
    Measurement measure() throws InterruptedException {
        List<Report.Second> rows = new ArrayList<>();
        LatencyHistogram.Snapshot audio0 = meters.audioLatency.snapshot();
        LatencyHistogram.Snapshot video0 = meters.videoLatency.snapshot();
        PeerTotals start = sample();
        DataTotals data0 = data.totals();
        DataTotals dataPrevious = data0;
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
        for (int second = 1; second <= options.durationSeconds(); second++) {
            long wake = t0 + second * 1_000_000_000L;
            LoadRun.sleepMillis(Math.max(0, (wake - System.nanoTime()) / 1_000_000));
            PeerTotals now = sample();
            DataTotals dataNow = data.totals();
            sampledAt = System.nanoTime();
            StallTracker.Sample stalled = observeStalls(sampledAt);
            LatencyHistogram.Snapshot lagNow = meters.loopLag.snapshot();
            ServerMetrics.Sample serverNow = metrics.scrape();
            LatencyHistogram.Snapshot hist = meters.audioLatency.snapshot().plus(meters.videoLatency.snapshot());
            ServerMetrics.Interval server = ServerMetrics.Interval.between(serverPrevious, serverNow);
            if (server != null) {
                heapMax = Math.max(heapMax, serverNow.heapBytes());
            }
            Report.Second row = row(second, now.minus(previous), hist.minus(histPrevious), lagNow.minus(lagPrevious),
                    server, stalled, churn.stats.takeSecond(), dataNow.minus(dataPrevious));
            rows.add(row);
            if (options.perSecond()) {
                progress(row, now.minus(previous), server);
            }
            previous = now;
            serverPrevious = serverNow;
            histPrevious = hist;
            lagPrevious = lagNow;
            dataPrevious = dataNow;
            afterSecond.accept(second);
        }
        churn.stop();
        stalls.finish(sampledAt);
        return new Measurement(rows, previous.minus(start), meters.audioLatency.snapshot().minus(audio0),
                meters.videoLatency.snapshot().minus(video0), lagPrevious.minus(lag0),
                ServerMetrics.Interval.between(server0, serverPrevious), server0, serverPrevious, heapMax,
                dataPrevious.minus(data0));
    }

    /** One second's row; server figures -1 when a scrape failed. */
    private static Report.Second row(int second, PeerTotals d, LatencyHistogram.Snapshot latency,
            LatencyHistogram.Snapshot lag, ServerMetrics.Interval server, StallTracker.Sample stalled, int[] churned,
            DataTotals data) {
        return new Report.Second(second, d.sentPackets(), d.sentBytes() * 8 / 1000, d.receivedPackets(),
                d.receivedBytes() * 8 / 1000, d.missing(), d.corrupt(), latency.percentile(0.5),
                latency.percentile(0.95), latency.percentile(0.99),
                server == null ? -1 : ReportAssembler.round(server.cpuPercent()),
                server == null ? -1 : server.packetsSent(),
                server == null ? -1 : ReportAssembler.round(server.cpuMicrosPerPacketSent()),
                server == null ? -1 : server.to().heapBytes() >> 20, d.plis(),
                server == null ? -1 : server.nacksReceived(), stalled.stallsStarted(), stalled.stalledNow(),
                lag.percentile(0.5), lag.percentile(0.99), lag.max(), churned[0], churned[1], data.sent().messages(),
                data.received().messages(), server == null ? -1 : server.data().messagesOut());
    }

    /** The row as a progress line (cpu and us/pkt unrounded, received Mb/s from the bytes). */
    private void progress(Report.Second s, PeerTotals d, ServerMetrics.Interval server) {
        progress.printf("t=%3d s: sent %6d pkt, recv %7d pkt (%.1f Mb/s), lost %d, bad %d, p50/p99 %d/%d"
                + " us (tool loop lag p99 %d us), server %.1f %% cpu, %.2f us/pkt, heap %d MB, pli %d,"
                + " nack %d, stalled %d (%d new)%s%s%n", s.second(), s.sentPackets(), s.receivedPackets(),
                d.receivedBytes() * 8 / 1e6, s.lostPackets(), s.corruptPackets(), s.latencyP50Micros(),
                s.latencyP99Micros(), s.loopLagP99Micros(), server == null ? -1.0 : server.cpuPercent(),
                server == null ? -1.0 : server.cpuMicrosPerPacketSent(), s.serverHeapMb(), s.plis(), s.nacks(),
                s.stalledSubscriptions(), s.stalls(), options.churnPerMinute() == 0 ? ""
                        : ", churn left " + s.churnLeaves() + " joined " + s.churnJoins(),
                options.dataEnabled() ? String.format(", data sent %d recv %d (server out %d)", s.dataSent(),
                        s.dataReceived(), s.serverDataSent()) : "");
    }

    /** Every subscription's counts into the stall tracker; returns what this sample found. */
    private StallTracker.Sample observeStalls(long now) {
        Map<String, LoadClient> publisherById = new HashMap<>();
        for (LoadClient p : participants.publishers()) {
            publisherById.put(p.participantId, p);
        }
        for (String gone : churn.departed()) {
            stalls.leave(gone, now);
        }
        for (LoadClient s : participants.subscribersNow()) {
            PeerStats stats = lastStats.get(s);
            for (Map.Entry<String, LoadClient.Subscription> e : s.subscriptionsByMid.entrySet()) {
                LoadClient publisher = publisherById.get(e.getValue().publisherId());
                if (publisher == null) {
                    continue; // not one of ours: whether it sends is unknown
                }
                boolean video = "video".equals(e.getValue().kind());
                Long ssrc = stats == null ? null : stats.answeredSsrcs().get(e.getKey());
                ReceivedStream r = ssrc == null ? null : s.received.get(ssrc);
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
     * that does not answer in time keeps its last figures.
     */
    private PeerTotals sample() {
        List<LoadClient> clients;
        PeerTotals sum;
        synchronized (participants.subscribers()) { // a leaver is either in the list or in the departed sum
            clients = participants.all();
            sum = churn.stats.departed();
        }
        Map<LoadClient, CompletableFuture<PeerStats>> futures = new HashMap<>();
        for (LoadClient c : clients) {
            futures.put(c, c.stats());
        }
        for (LoadClient c : clients) {
            PeerStats s;
            try {
                s = futures.get(c).get(STATS_WAIT_SECONDS, TimeUnit.SECONDS);
                lastStats.put(c, s);
            } catch (Exception e) {
                s = lastStats.get(c);
            }
            sum = sum.plus(c.totals(s));
        }
        lastStats.keySet().retainAll(futures.keySet());
        return sum;
    }
}
