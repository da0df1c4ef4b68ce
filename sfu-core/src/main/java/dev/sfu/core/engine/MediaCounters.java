package dev.sfu.core.engine;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

/**
 * Counts of media-plane events for metrics, written on the media loop and read from any thread. Created up
 * front, so counting allocates nothing.
 *
 * <p>Counted now: PLIs sent to publishers (after {@code KeyframeRequester}'s merging), DTLS handshake
 * failures, participants removed by the backend, RTCP reports sent and received, and the round trip times
 * receivers' report blocks give. Hooks for data the media plane does not produce yet:
 * {@link #countNacksReceived(int)} (NACK handling) and {@link #recordEstimate(long)} (bandwidth estimation);
 * until those features call them, their meters stay at zero.
 */
public final class MediaCounters {
    private final LongAdder plisSent = new LongAdder();
    private final LongAdder nacksReceived = new LongAdder();
    private final LongAdder dtlsFailures = new LongAdder();
    private final LongAdder participantsKicked = new LongAdder();
    private volatile LongConsumer estimateSink = bps -> {};
    private final LongAdder senderReportsSent = new LongAdder();
    private final LongAdder reportBlocksSent = new LongAdder();
    private final LongAdder senderReportsReceived = new LongAdder();
    private final LongAdder reportBlocksReceived = new LongAdder();
    private volatile LongConsumer rttSink = nanos -> {};

    public void countPliSent() {
        plisSent.increment();
    }

    /** For NACK handling: {@code lost} sequence numbers a receiver asked for in one NACK. */
    public void countNacksReceived(int lost) {
        nacksReceived.add(lost);
    }

    public void countDtlsFailure() {
        dtlsFailures.increment();
    }

    public void countKicked() {
        participantsKicked.increment();
    }

    /** For bandwidth estimation: one receiver's current estimate in bits per second. */
    public void recordEstimate(long bitsPerSecond) {
        estimateSink.accept(bitsPerSecond);
    }

    /** Where estimates go (e.g. a distribution summary); must be cheap and thread-safe. */
    public void estimateSink(LongConsumer sink) {
        this.estimateSink = sink == null ? bps -> {} : sink;
    }

    /** One report interval to one participant: {@code senderReports} SRs, {@code blocks} report blocks. */
    public void countReportsSent(int senderReports, int blocks) {
        senderReportsSent.add(senderReports);
        reportBlocksSent.add(blocks);
    }

    /** An SR from a publisher. */
    public void countSenderReportReceived() {
        senderReportsReceived.increment();
    }

    /** A receiver's report block about one of our streams; {@code rttNanos} the RTT it gave, or -1. */
    public void countReportBlockReceived(long rttNanos) {
        reportBlocksReceived.increment();
        if (rttNanos > 0) {
            rttSink.accept(rttNanos);
        }
    }

    /** Where round trip times go (e.g. a timer); must be cheap and thread-safe. */
    public void rttSink(LongConsumer sink) {
        this.rttSink = sink == null ? nanos -> {} : sink;
    }

    public long senderReportsSent() {
        return senderReportsSent.sum();
    }

    public long reportBlocksSent() {
        return reportBlocksSent.sum();
    }

    public long senderReportsReceived() {
        return senderReportsReceived.sum();
    }

    public long reportBlocksReceived() {
        return reportBlocksReceived.sum();
    }

    public long plisSent() {
        return plisSent.sum();
    }

    public long nacksReceived() {
        return nacksReceived.sum();
    }

    public long dtlsFailures() {
        return dtlsFailures.sum();
    }

    public long participantsKicked() {
        return participantsKicked.sum();
    }
}
