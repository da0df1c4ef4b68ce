package dev.sfu.loadtest;

import dev.sfu.peer.InboundStreamStats;
import dev.sfu.peer.PeerStats;
import dev.sfu.peer.PeerTap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * What the subscribers got, read at the end of a run: the stamp-counter delivery check (after the publishers
 * stopped and the pipe drained), the time to first frame and the simulcast layer each video subscription ended on.
 * Used by the measuring thread once, after the measured window.
 */
final class SubscriberChecks {
    /** After the publishers stop: poll until nothing more arrives for two polls, at most this long. */
    private static final long DRAIN_MAX_MILLIS = 5000;
    private static final long DRAIN_POLL_MILLIS = 250;

    private final List<LoadClient> publishers;
    private final List<LoadClient> subscribers;
    private final Map<LoadClient, PeerStats> lastStats;
    private final int layers;

    SubscriberChecks(List<LoadClient> publishers, List<LoadClient> subscribers, Map<LoadClient, PeerStats> lastStats,
            int layers) {
        this.publishers = publishers;
        this.subscribers = subscribers;
        this.lastStats = lastStats;
        this.layers = layers;
    }

    /**
     * Stops the publishers' media, waits for the pipe to drain, and compares per subscription what the
     * publisher's stamp counter says it sent from the first packet the subscriber got with what arrived.
     */
    Report.Delivery stopAndCountDelivery() throws Exception {
        Map<Integer, long[]> sentBySender = new HashMap<>(); // senderId -> {audio, video}
        for (LoadClient p : publishers) {
            p.stopMedia();
            sentBySender.put(p.peer.config().senderId(), new long[] {PeerTap.packetsSent(p.peer, false),
                    PeerTap.packetsSent(p.peer, true)});
        }
        drain();
        long expected = 0;
        long received = 0;
        for (LoadClient s : subscribers) {
            s.stats().get(LoadClient.WAIT_SECONDS, TimeUnit.SECONDS); // a hop onto its loop: its state is ours
            for (ReceivedStream r : s.received.values()) {
                long[] sent = sentBySender.get(r.senderId);
                if (sent == null) {
                    continue;
                }
                if (r.video && layers > 0) {
                    continue; // per-layer stamp counters, and the receiver may have switched layers
                }
                expected += (r.video ? sent[1] : sent[0]) - r.firstCounter;
                received += r.packets;
            }
        }
        return ReportAssembler.delivery(expected, received);
    }

    /** Waits until the subscribers' received counts stop moving (packets in flight arrived or are lost). */
    void drain() throws InterruptedException {
        long deadline = System.nanoTime() + DRAIN_MAX_MILLIS * 1_000_000;
        long last = -1;
        int still = 0;
        while (System.nanoTime() < deadline && still < 2) {
            Thread.sleep(DRAIN_POLL_MILLIS);
            long now = 0;
            for (LoadClient s : subscribers) {
                for (ReceivedStream r : s.received.values()) {
                    now += r.packets;
                }
            }
            still = now == last ? still + 1 : 0;
            last = now;
        }
    }

    /** Video subscriptions by the width of their last keyframe (the layer they ended on), from the last stats. */
    Map<Integer, Integer> videoLayerWidths() {
        Map<Integer, Integer> widths = new TreeMap<>();
        for (LoadClient s : subscribers) {
            PeerStats stats = lastStats.get(s);
            if (stats == null) {
                continue;
            }
            for (InboundStreamStats in : stats.inbound()) {
                if ("video".equals(in.kind()) && in.lastKeyframeWidth() > 0) {
                    widths.merge(in.lastKeyframeWidth(), 1, Integer::sum);
                }
            }
        }
        return widths;
    }

    /** Time to first frame over every video subscription (nearest-rank percentiles; -1 and 0 when none). */
    Report.FirstFrame firstFrame() {
        List<Long> values = new ArrayList<>();
        for (LoadClient s : subscribers) {
            PeerStats stats = lastStats.get(s);
            if (stats == null) {
                continue;
            }
            for (Map.Entry<String, Long> e : stats.answeredSsrcs().entrySet()) {
                ReceivedStream r = s.received.get(e.getValue());
                Long at = s.subscribedAt.get(e.getKey());
                if (r != null && r.video && r.firstFrameNanos != 0 && at != null) {
                    values.add((r.firstFrameNanos - at) / 1_000_000);
                }
            }
        }
        values.sort(null);
        return new Report.FirstFrame(ChurnStats.percentile(values, 0.5), ChurnStats.percentile(values, 0.95),
                ChurnStats.percentile(values, 1), values.size());
    }
}
