package dev.sfu.core.room;

import dev.sfu.core.model.MediaCounters;
import dev.sfu.core.time.MonotonicClock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Which layer each video track one receiver gets: runs {@link LayerAllocator} over its video subscriptions within
 * the receiver's budget and applies the targets, and decides what that budget is. With transport-cc it is the
 * send-side estimate ({@link DownlinkEstimator}, which also runs the probes and asks for their padding); without
 * it, the receiver's REMB, which only caps the layers while the link is congested and for a hold time after.
 *
 * <pre>
 *   allocate()          every 500 ms, on a preference change, a layer change, a probe that showed room, or
 *                       a REMB that shows congestion
 *   onRemb(bps)         the receiver's own estimate (fallback for receivers without transport-cc)
 *   sendProbePadding()  the 20 ms tick: a running probe's padding on the video subscriptions
 * </pre>
 *
 * <p>Confined to the room's event loop; runs per decision, not per packet, so it may allocate.
 */
final class ReceiverAllocation {
    /** Bandwidth set aside per received audio track before video is allocated. */
    static final long AUDIO_RESERVE_BPS = 50_000;
    /** A receiver's estimate is not trusted in its first seconds, while it is still learning the link. */
    static final long ESTIMATE_WARMUP_NANOS = 5_000_000_000L;
    /** How long after the last sign of congestion its estimate keeps capping the layers. */
    static final long CONGESTION_HOLD_NANOS = 8_000_000_000L;
    private static final int CONGESTED_REPORTS = 3;

    private final MonotonicClock clock;
    private final MediaCounters counters;
    private final DownlinkEstimator downlink;
    private final Collection<Subscription> subscriptions;
    private long estimateBps = -1;
    private int congestedReports;
    private long lastCongestionNanos = Long.MIN_VALUE / 2;
    private long connectedNanos = Long.MAX_VALUE / 2;
    private long rateWindowStartNanos;
    private long rateWindowStartBytes;
    private long sendRateBps;

    /** @param subscriptions the receiver's subscriptions (a live view) */
    ReceiverAllocation(RoomContext context, DownlinkEstimator downlink, Collection<Subscription> subscriptions) {
        this.clock = context.clock();
        this.counters = context.counters();
        this.downlink = downlink;
        this.subscriptions = subscriptions;
    }

    /** The receiver's transport connected: its estimates are trusted after a warm-up from now. */
    void connected(long nowNanos) {
        connectedNanos = nowNanos;
    }

    /**
     * The fallback for receivers without transport-cc: their own estimate of their downlink (REMB). A
     * receive-side estimate only grows to about 1.5x what it receives, so it cannot say how much more would
     * fit; what it can say is that the link is congested: an estimate below what we send. So it caps the
     * allocation while the link is congested and for a hold time after, and otherwise the receiver gets
     * what it asked for (stepping up is then tried again; if that congests the link, the cap returns).
     */
    void onRemb(long bps) {
        long now = clock.nanos();
        estimateBps = bps;
        counters.recordEstimate(bps);
        long sending = videoSendRateBps(now);
        if (now - connectedNanos < ESTIMATE_WARMUP_NANOS || sending <= 0) {
            return;
        }
        // Clearly below what we send, several reports in a row: a receive-side estimate is noisy (it also
        // measures the receiver's own CPU), and a false alarm costs the receiver its quality for a while.
        if (bps * 4 < sending * 3) {
            if (++congestedReports >= CONGESTED_REPORTS) {
                lastCongestionNanos = now;
                allocate();
            }
        } else {
            congestedReports = 0;
        }
    }

    long bandwidthEstimateBps() {
        return downlink.active() ? downlink.estimateBps() : estimateBps;
    }

    /** Whether the REMB (not transport-cc) caps the layers now: congestion was recent. */
    boolean rembCapping(long nowNanos) {
        return !downlink.active() && budget(nowNanos) >= 0;
    }

    /**
     * The budget for the allocator: the send-side estimate when the receiver sends transport-cc feedback;
     * else (REMB) the estimate while congestion is recent, else none (-1).
     */
    private long budget(long now) {
        if (downlink.active()) {
            return downlink.estimateBps();
        }
        return estimateBps >= 0 && now - lastCongestionNanos < CONGESTION_HOLD_NANOS ? estimateBps : -1;
    }

    /** Video bits per second sent to this receiver over the last measured window. */
    private long videoSendRateBps(long now) {
        long bytes = 0;
        for (Subscription subscription : subscriptions) {
            if (subscription.publication().kind() == TrackKind.VIDEO) {
                bytes += subscription.reports().bytesSent();
            }
        }
        long elapsed = now - rateWindowStartNanos;
        if (elapsed >= 1_000_000_000L) {
            sendRateBps = Math.max(0, bytes - rateWindowStartBytes) * 8 * 1_000_000_000L / elapsed;
            rateWindowStartNanos = now;
            rateWindowStartBytes = bytes;
        }
        return sendRateBps;
    }

    /** Runs {@link LayerAllocator} over this receiver's video subscriptions and applies the targets. */
    void allocate() {
        long now = clock.nanos();
        // Keep the send-rate window moving (this runs every 500 ms): measured only when a REMB arrived, the
        // first reports after a quiet spell compared against a rate averaged since the clock's origin or the
        // last report, and were ignored for a second.
        videoSendRateBps(now);
        List<Subscription> video = new ArrayList<>();
        long audioReserve = 0;
        for (Subscription subscription : subscriptions) {
            if (subscription.publication().kind() == TrackKind.VIDEO) {
                video.add(subscription);
            } else {
                audioReserve += AUDIO_RESERVE_BPS;
            }
        }
        LayerAllocator.Candidate[] candidates = new LayerAllocator.Candidate[video.size()];
        for (int i = 0; i < candidates.length; i++) {
            candidates[i] = candidate(video.get(i), now);
        }
        long estimate = budget(now);
        long budget = estimate < 0 ? -1 : Math.max(0, estimate - audioReserve);
        LayerAllocator.Decision[] decisions = LayerAllocator.allocate(candidates, budget);
        for (int i = 0; i < decisions.length; i++) {
            Subscription subscription = video.get(i);
            subscription.layers().setTarget(decisions[i].layer(), decisions[i].temporalLayer(),
                    LayerAllocator.holdsStepUps(candidates[i], subscription.layers().target(), decisions[i]), now);
        }
        if (downlink.active()) {
            counters.recordEstimate(downlink.estimateBps());
            StepUp.request(downlink, candidates, decisions, audioReserve, sendRateBps);
        }
    }

    private static LayerAllocator.Candidate candidate(Subscription subscription, long now) {
        Publication publication = subscription.publication();
        int layers = publication.layerCount();
        long[] rates = new long[layers];
        int[] widths = new int[layers];
        int[] heights = new int[layers];
        for (int l = 0; l < layers; l++) {
            Layer layer = publication.layer(l);
            if (layer.isActive(now)) {
                long measured = layer.bitrateBps(now);
                rates[l] = measured > 0 ? measured : nominalRate(l, layers);
            }
            widths[l] = layer.width();
            heights[l] = layer.height();
        }
        var preferences = subscription.preferences();
        int ceiling = LayerAllocator.ceiling(preferences.maxLayer(), preferences.maxWidth(), preferences.maxHeight(),
                preferences.paused(), widths, heights, rates);
        boolean recentlyDown = now - subscription.layers().lastDownSwitchNanos() < LayerAllocator.UP_HOLD_NANOS;
        return new LayerAllocator.Candidate(preferences.priority(), ceiling, rates, subscription.layers().current(),
                recentlyDown, preferences.maxTemporalLayer());
    }

    /** What a layer that just started is assumed to cost until its rate is measured. */
    private static long nominalRate(int layer, int layers) {
        long[] typical = {150_000, 500_000, 1_500_000};
        return layers == 1 ? 1_000_000 : typical[Math.min(2, layer + 3 - layers)];
    }

    /** While a probe runs, its padding: padding-only packets on this receiver's video subscriptions. */
    void sendProbePadding() {
        int bytes = downlink.probePaddingBytes();
        if (bytes <= 0) {
            return;
        }
        for (Subscription subscription : subscriptions) {
            if (subscription.publication().kind() == TrackKind.VIDEO) {
                int sent = subscription.sendPadding(bytes);
                downlink.probeSent(sent);
                bytes -= sent;
                if (bytes <= 0) {
                    return;
                }
            }
        }
    }
}
