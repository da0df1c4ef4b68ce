package dev.sfu.core.bwe;

import dev.sfu.core.rtcp.TransportWideFeedback;
import dev.sfu.core.stats.BitrateMeter;
import dev.sfu.core.time.MonotonicClock;

/**
 * Send-side bandwidth estimate toward one receiver, in the spirit of Google congestion control
 * (draft-ietf-rmcat-gcc-02 with transport-wide feedback, as libwebrtc's GoogCC runs it).
 *
 * <pre>
 *  onPacketSent(seq, size)          SentPacketHistory: seq -&gt; send time, size
 *  onTransportFeedback(fb)  --------+----------------------------------------------------+
 *     per reported packet           |                                                    |
 *       received: InterArrivalDelta (5 ms groups) -&gt; TrendlineEstimator -&gt; OveruseDetector|
 *                 acknowledged bitrate (BitrateMeter over the receiver's arrival times)  |
 *       lost:     counted                                                                |
 *     then   AimdRateController(usage, acknowledged) -&gt; delay-based rate                 |
 *            LossBasedController(loss over ~1 s)     -&gt; loss-based rate                  |
 *  onRemb(bps)  a cap, and the estimate itself while no transport-cc feedback has come   |
 *  estimateBps() = clamp(min(delay-based, loss-based, REMB), min, max)  &lt;--------------+
 * </pre>
 *
 * <p>Wiring (one per receiver, in {@code room.DownlinkEstimator}): every RTP packet sent with the
 * transport-wide sequence number extension calls {@link #onPacketSent} (probe padding
 * {@link #onProbePacketSent}) right before it goes to the transport; every {@link TransportWideFeedback}
 * from the receiver calls {@link #onTransportFeedback}; a REMB calls {@link #onRemb}. The layer
 * allocation reads {@link #estimateBps()}. {@link #onRtt} gets the RTT the receiver's RTCP report blocks give
 * (100 ms until the first).
 *
 * <p>Not thread-safe: confined to the receiver's event loop. {@link #onPacketSent} allocates nothing;
 * {@link #onTransportFeedback} allocates nothing of its own (it reads the record's list).
 */
public final class SendSideBandwidthEstimator {
    /** A start rate for a new receiver, before any feedback. */
    public static final long DEFAULT_START_BPS = 1_000_000;
    public static final long DEFAULT_MIN_BPS = 50_000;
    public static final long DEFAULT_MAX_BPS = 20_000_000;
    private static final long DEFAULT_RTT_NANOS = 100_000_000L;
    private static final long MS = 1_000_000L;
    /** Entries of one feedback looked at; a feedback reporting more is read up to here. */
    static final int MAX_PACKETS_PER_FEEDBACK = 8192;
    /**
     * Start size of the offsets scratch: a feedback every 50-100 ms reports tens of packets (a hundred or two
     * for a receiver of several HD videos), so the scratch grows to the largest feedback seen instead of
     * holding {@link #MAX_PACKETS_PER_FEEDBACK} entries (64 KB, once the largest holder of heap per receiver).
     */
    static final int INITIAL_OFFSETS = 64;

    private final MonotonicClock clock;
    private final long minBps;
    private final long maxBps;
    private final SentPacketHistory history = new SentPacketHistory();
    private final InterArrivalDelta interArrival = new InterArrivalDelta();
    private final TrendlineEstimator trendline = new TrendlineEstimator();
    private final OveruseDetector detector = new OveruseDetector();
    private final AimdRateController delayBased;
    private final LossBasedController lossBased;
    private final BitrateMeter acknowledged = new BitrateMeter(500, 25);
    private long[] offsets = new long[INITIAL_OFFSETS];

    private long rttNanos = DEFAULT_RTT_NANOS;
    private long rembBps = -1;
    private boolean hasTransportFeedback;
    private long referenceUnits;
    private int lastReferenceTime24 = -1;
    private long latestArrivalNanos = Long.MIN_VALUE;
    private long ackedBps;
    private BandwidthUsage usage = BandwidthUsage.NORMAL;
    private long feedbacks;

    public SendSideBandwidthEstimator(MonotonicClock clock) {
        this(clock, DEFAULT_START_BPS, DEFAULT_MIN_BPS, DEFAULT_MAX_BPS);
    }

    public SendSideBandwidthEstimator(MonotonicClock clock, long startBps, long minBps, long maxBps) {
        if (minBps <= 0 || minBps > maxBps) {
            throw new IllegalArgumentException("bad bounds " + minBps + ".." + maxBps);
        }
        this.clock = clock;
        this.minBps = minBps;
        this.maxBps = maxBps;
        long start = Math.max(minBps, Math.min(maxBps, startBps));
        this.delayBased = new AimdRateController(start, minBps, maxBps);
        this.lossBased = new LossBasedController(start, minBps, maxBps);
    }

    /** Records a packet sent now with transport-wide sequence number {@code seq}. Allocation-free. */
    public void onPacketSent(int transportSequence, int sizeBytes) {
        history.onSent(transportSequence, clock.nanos(), sizeBytes, false);
    }

    /**
     * Records probe padding sent now. Like media for the delay and acknowledged rate; its losses are not
     * counted by the loss-based controller: a probe past the link's rate loses many small padding packets
     * at the bottleneck's queue, which by count would look like heavy media loss.
     */
    public void onProbePacketSent(int transportSequence, int sizeBytes) {
        history.onSent(transportSequence, clock.nanos(), sizeBytes, true);
    }

    /** The offsets scratch, grown (by doubling, up to the cap) to hold {@code count} entries. */
    private long[] offsetsFor(int count) {
        int wanted = Math.min(count, MAX_PACKETS_PER_FEEDBACK);
        if (offsets.length < wanted) {
            int size = offsets.length;
            while (size < wanted) {
                size <<= 1;
            }
            offsets = new long[Math.min(size, MAX_PACKETS_PER_FEEDBACK)];
        }
        return offsets;
    }

    /** The round-trip time to the receiver, from its receiver reports. */
    public void onRtt(long rttNanos) {
        if (rttNanos > 0) {
            this.rttNanos = rttNanos;
        }
    }

    /** A REMB from the receiver: caps the estimate, and is the estimate while transport-cc is absent. */
    public void onRemb(long bitrateBps) {
        rembBps = Math.max(0, bitrateBps);
    }

    /** Processes one transport-cc feedback from the receiver. */
    public void onTransportFeedback(TransportWideFeedback feedback) {
        long now = clock.nanos();
        hasTransportFeedback = true;
        feedbacks++;
        long referenceNanos = unwrapReferenceTime(feedback.referenceTime()) * TransportWideFeedback.REFERENCE_TIME_UNIT_MICROS * 1000L;
        int n = feedback.arrivalOffsetsMicros(offsetsFor(feedback.packetStatusCount()));
        int expected = 0;
        int lost = 0;
        for (int i = 0; i < n; i++) {
            long seq = history.unwrap(feedback.sequenceNumber(i));
            if (!history.contains(seq)) {
                continue; // not ours, or older than the history
            }
            byte state = history.state(seq);
            boolean probe = history.isProbe(seq);
            if (offsets[i] == Long.MIN_VALUE) {
                if (state == SentPacketHistory.UNREPORTED) {
                    history.state(seq, SentPacketHistory.REPORTED_LOST);
                    if (!probe) {
                        expected++;
                        lost++;
                    }
                }
                continue;
            }
            if (state == SentPacketHistory.ACKED) {
                continue; // reported again
            }
            if (probe) {
                // counted for delay and rate, not for loss
            } else if (state == SentPacketHistory.REPORTED_LOST) {
                lost--; // it arrived after all
            } else {
                expected++;
            }
            history.state(seq, SentPacketHistory.ACKED);
            long arrival = referenceNanos + offsets[i] * 1000L;
            latestArrivalNanos = Math.max(latestArrivalNanos, arrival);
            acknowledged.add(arrival, history.size(seq));
            if (interArrival.onPacket(history.sendNanos(seq), arrival)) {
                double arrivalDeltaMs = interArrival.arrivalDeltaNanos() / (double) MS;
                double sendDeltaMs = interArrival.sendDeltaNanos() / (double) MS;
                double modified = trendline.update(arrivalDeltaMs, sendDeltaMs, interArrival.arrivalNanos() / (double) MS);
                usage = detector.detect(modified, trendline.slope(), sendDeltaMs, now / (double) MS,
                        trendline.deltas() >= 2);
            }
        }
        if (latestArrivalNanos != Long.MIN_VALUE) {
            ackedBps = acknowledged.bitrateBps(latestArrivalNanos);
        }
        long delay = delayBased.update(usage, ackedBps, now, rttNanos);
        lossBased.onFeedback(expected, lost, now, rttNanos, delay);
    }

    private long unwrapReferenceTime(int referenceTime) {
        int low = referenceTime & 0xFFFFFF;
        if (lastReferenceTime24 < 0) {
            referenceUnits = low;
        } else {
            int diff = ((low - lastReferenceTime24) << 8) >> 8; // signed 24-bit difference
            referenceUnits += diff;
        }
        lastReferenceTime24 = low;
        return referenceUnits;
    }

    /** The estimate the layer allocation should use, in bits per second. */
    public long estimateBps() {
        long estimate;
        if (hasTransportFeedback) {
            estimate = Math.min(delayBased.bitrateBps(), lossBased.bitrateBps());
            if (rembBps >= 0) {
                estimate = Math.min(estimate, rembBps);
            }
        } else {
            estimate = rembBps >= 0 ? rembBps : delayBased.bitrateBps();
        }
        return Math.max(minBps, Math.min(maxBps, estimate));
    }

    public long delayBasedBps() {
        return delayBased.bitrateBps();
    }

    public long lossBasedBps() {
        return lossBased.bitrateBps();
    }

    /** Bitrate the receiver acknowledged over the last 500 ms of its arrival times. */
    public long acknowledgedBps() {
        return ackedBps;
    }

    /** Loss fraction of the last completed loss interval (about one second). */
    public double lossFraction() {
        return lossBased.lossFraction();
    }

    public BandwidthUsage usage() {
        return usage;
    }

    public long rttNanos() {
        return rttNanos;
    }

    public long feedbacks() {
        return feedbacks;
    }

    /** Delay-based decreases so far (one per detected overuse episode). */
    public long overuseDecreases() {
        return delayBased.decreases();
    }

    /** Whether any transport-cc feedback arrived (otherwise the estimate is the REMB). */
    public boolean hasTransportFeedback() {
        return hasTransportFeedback;
    }

    /** A probe showed the path carries {@code bps} without over-use: move the delay-based rate there. */
    public void onProbeSucceeded(long bps) {
        if (bps > delayBased.bitrateBps() && usage != BandwidthUsage.OVERUSING) {
            delayBased.setBitrate(bps, clock.nanos());
            lossBased.raiseTo(delayBased.bitrateBps());
        }
    }
}
