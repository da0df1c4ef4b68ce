package dev.sfu.core.room;

/**
 * Turns one allocation's outcome into a probe request: when a subscription gets less than its ceiling
 * because the send-side estimate is short, the rate the next step up would need goes to
 * {@link DownlinkEstimator#wantStepUp}, which probes the path toward it. The allocation itself only ever
 * spends the estimate, so a receiver steps up once a probe (or the estimator's own slow increase) raised
 * it, never on hope.
 */
final class StepUp {
    private StepUp() {}

    /**
     * @param audioReserveBps what the allocation set aside for audio
     * @param mediaBps video bits per second sent to the receiver now
     * @return the total rate asked for, or -1 when every subscription is at its ceiling
     */
    static long request(DownlinkEstimator downlink, LayerAllocator.Candidate[] candidates,
            LayerAllocator.Decision[] decisions, long audioReserveBps, long mediaBps) {
        downlink.mediaBitrate(mediaBps);
        long allocated = 0;
        for (int i = 0; i < candidates.length; i++) {
            int layer = decisions[i].layer();
            if (layer >= 0) {
                allocated += candidates[i].rates()[layer];
            }
        }
        int best = -1;
        long extra = 0;
        for (int i = 0; i < candidates.length; i++) {
            LayerAllocator.Candidate c = candidates[i];
            int layer = decisions[i].layer();
            if (layer < 0 || layer >= c.ceiling() || c.recentlyDown()) {
                continue;
            }
            int next = -1;
            for (int l = layer + 1; l <= c.ceiling(); l++) {
                if (c.rates()[l] > 0) {
                    next = l;
                    break;
                }
            }
            if (next < 0 || best >= 0 && candidates[best].priority() >= c.priority()) {
                continue;
            }
            best = i;
            extra = c.rates()[next] - c.rates()[layer];
        }
        if (best < 0) {
            return -1;
        }
        long desired = allocated + (long) (extra * LayerAllocator.UP_MARGIN) + audioReserveBps;
        downlink.wantStepUp(desired, mediaBps);
        return desired;
    }
}
