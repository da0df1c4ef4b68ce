package dev.sfu.core.room;

import java.util.Arrays;

/**
 * Decides which layer each of one receiver's video subscriptions gets. Pure: inputs in, decisions out, no
 * state of its own, so it is tested on tables of inputs; {@link Participant} runs it when inputs change
 * (preferences, the receiver's bandwidth estimate, a publisher's layers starting or stopping) and on a timer.
 * The per-packet code never runs it: it only reads the resulting target.
 *
 * <ol>
 *   <li>Each candidate's ceiling: what it asked for (a layer, or the smallest layer covering its rendered
 *       size), limited to the layers the publisher really sends.</li>
 *   <li>Without a bandwidth estimate every candidate gets its ceiling.</li>
 *   <li>With one, in priority order: first everyone's lowest layer (at a reduced frame rate once the budget
 *       is spent: nothing is frozen by the estimate alone), then step-ups in priority order while the budget
 *       lasts. A step above the layer a candidate has now needs {@link #UP_MARGIN} headroom and is not taken
 *       within {@link #UP_HOLD_NANOS} of a step down the budget forced ({@link #holdsStepUps}), so a receiver
 *       near a boundary does not flap.</li>
 * </ol>
 */
final class LayerAllocator {
    static final double UP_MARGIN = 1.15;
    static final long UP_HOLD_NANOS = 4_000_000_000L;
    /** Cumulative share of a VP8 L1T3 stream's bitrate in temporal layers 0, 0-1, 0-2 (libwebrtc's split). */
    private static final double[] TEMPORAL_SHARE = {0.4, 0.6, 1.0};

    private LayerAllocator() {}

    /**
     * One video subscription as the allocator sees it.
     *
     * @param priority higher first
     * @param ceiling the highest layer wanted and sent, -1 for nothing (paused, or no layer arriving)
     * @param rates each layer's bitrate in bps; 0 for a layer that is not arriving
     * @param current the layer forwarded now, -1 for none
     * @param recentlyDown whether it stepped down within the hold time
     * @param maxTemporal the highest temporal layer asked for, -1 for all
     */
    record Candidate(int priority, int ceiling, long[] rates, int current, boolean recentlyDown, int maxTemporal) {}

    /** The layer (-1: none) and the highest temporal layer (-1: all) for one candidate. */
    record Decision(int layer, int temporalLayer) {}

    static Decision[] allocate(Candidate[] candidates, long budgetBps) {
        Decision[] decisions = new Decision[candidates.length];
        if (budgetBps < 0) {
            for (int i = 0; i < candidates.length; i++) {
                decisions[i] = new Decision(candidates[i].ceiling(), candidates[i].maxTemporal());
            }
            return decisions;
        }
        Integer[] order = new Integer[candidates.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Integer.compare(candidates[b].priority(), candidates[a].priority()));
        int[] layer = new int[candidates.length];
        int[] temporal = new int[candidates.length];
        Arrays.fill(layer, -1);
        long remaining = budgetBps;
        boolean anyGiven = false;
        for (int i : order) {
            Candidate c = candidates[i];
            temporal[i] = c.maxTemporal();
            int lowest = nextActive(c, -1);
            if (c.ceiling() < 0 || lowest < 0) {
                continue;
            }
            long cost = c.rates()[lowest];
            if (cost <= remaining) {
                layer[i] = lowest;
                remaining -= cost;
                anyGiven = true;
            } else {
                // It does not fit: every track still moves (a frozen tile looks broken, and a wrong estimate
                // must not blank a call), at a lower frame rate: the most important one keeps the most.
                layer[i] = lowest;
                temporal[i] = !anyGiven && cost * TEMPORAL_SHARE[1] <= remaining ? 1 : 0;
                remaining -= (long) (cost * TEMPORAL_SHARE[temporal[i]]);
                anyGiven = true;
            }
        }
        for (int i : order) {
            Candidate c = candidates[i];
            if (layer[i] < 0 || temporal[i] >= 0 && temporal[i] < 2 && c.maxTemporal() < 0) {
                continue;
            }
            while (true) {
                int next = nextActive(c, layer[i]);
                if (next < 0 || next > c.ceiling()) {
                    break;
                }
                long extra = c.rates()[next] - c.rates()[layer[i]];
                boolean stepUp = next > c.current();
                if (stepUp && c.recentlyDown()) {
                    break;
                }
                long needed = stepUp ? (long) (extra * UP_MARGIN) : extra;
                if (needed > remaining) {
                    break;
                }
                layer[i] = next;
                remaining -= extra;
            }
        }
        for (int i = 0; i < candidates.length; i++) {
            decisions[i] = new Decision(layer[i], temporal[i]);
        }
        return decisions;
    }

    /**
     * Whether a new target starts the {@link #UP_HOLD_NANOS} hold on this candidate's step-ups: only a step down
     * the budget forced (below the candidate's ceiling). A step down because the receiver asked for less (a
     * quality, a smaller tile) or a layer stopped says nothing about the link, so asking for more again must
     * not wait.
     */
    static boolean holdsStepUps(Candidate candidate, int previousLayer, Decision decision) {
        return decision.layer() < previousLayer && decision.layer() < candidate.ceiling();
    }

    /** The next layer above {@code from} that is arriving, or -1. */
    private static int nextActive(Candidate c, int from) {
        for (int l = from + 1; l < c.rates().length; l++) {
            if (c.rates()[l] > 0) {
                return l;
            }
        }
        return -1;
    }

    /**
     * The highest layer a subscription should get before bandwidth is considered: its cap, the smallest
     * layer covering its rendered size, and only layers that are arriving (if only layers above the cap
     * arrive, the lowest of them: a bigger picture beats none).
     *
     * @param widths each layer's width (0 unknown); unknown widths are assumed to halve per layer down
     */
    static int ceiling(int maxLayer, int renderWidth, int renderHeight, boolean paused, int[] widths, int[] heights,
            long[] rates) {
        int layers = rates.length;
        if (paused) {
            return -1;
        }
        int cap = maxLayer < 0 ? layers - 1 : Math.min(maxLayer, layers - 1);
        if (renderWidth > 0 || renderHeight > 0) {
            for (int l = 0; l < layers; l++) {
                int width = widths[l] > 0 ? widths[l] : 1280 >> (layers - 1 - l);
                int height = heights[l] > 0 ? heights[l] : 720 >> (layers - 1 - l);
                // Within 10% counts as covering: 640x360 serves a 700x394 tile better than 1280x720 costs.
                if (width * 1.1 >= renderWidth && height * 1.1 >= renderHeight) {
                    cap = Math.min(cap, l);
                    break;
                }
            }
        }
        for (int l = cap; l >= 0; l--) {
            if (rates[l] > 0) {
                return l;
            }
        }
        for (int l = cap + 1; l < layers; l++) {
            if (rates[l] > 0) {
                return l;
            }
        }
        return -1;
    }
}
