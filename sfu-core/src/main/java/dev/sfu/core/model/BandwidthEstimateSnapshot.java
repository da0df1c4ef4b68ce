package dev.sfu.core.model;

import dev.sfu.core.model.BandwidthEstimateSnapshot;

/**
 * The server's send-side bandwidth estimate toward one receiver, for the REST view.
 *
 * @param source "transport-cc" when the receiver's transport-cc feedback drives it; "start" when it negotiated
 *     transport-cc but no feedback came yet (the start rate, or its REMB, is the estimate); else "remb": the
 *     receiver has no transport-cc and its REMB drives its layers (this estimator is unused)
 * @param estimateBps what the layer allocation uses: min(delay-based, loss-based, REMB)
 * @param delayBasedBps the AIMD rate from the delay trend
 * @param lossBasedBps the rate from the reported loss
 * @param acknowledgedBps what the receiver acknowledged receiving over the last 500 ms
 * @param lossFraction loss reported over the last ~1 s interval
 * @param usage the over-use detector's state: normal, overusing, underusing
 * @param feedbacks transport-cc feedback packets processed
 * @param packetsStamped packets sent with a transport-wide sequence number
 * @param probes probe clusters started; {@code probeSuccesses} of them raised the estimate
 * @param probing whether a probe runs now
 * @param probeBytes bytes sent as probe packets
 */
public record BandwidthEstimateSnapshot(String source, long estimateBps, long delayBasedBps, long lossBasedBps,
        long acknowledgedBps, double lossFraction, String usage, long feedbacks, long packetsStamped, long probes,
        long probeSuccesses, boolean probing, long probeBytes) {}
