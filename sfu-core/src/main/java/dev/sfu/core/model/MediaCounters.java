package dev.sfu.core.model;

import dev.sfu.core.model.MediaCounters;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

/**
 * Counts of media-plane events for metrics, written on the media loop and read from any thread. Created up
 * front, so counting allocates nothing.
 *
 * <p>Counted now: PLIs sent to publishers (after {@code KeyframeRequester}'s merging), loss recovery (NACKs
 * received from receivers and packets resent to them, plainly or as RTX; NACKs sent to publishers, packets
 * repaired from their RTX, repairs given up), DTLS handshake failures, participants removed by the backend,
 * RTCP reports sent and received, the round trip times receivers' report blocks give, and bandwidth
 * estimates ({@link #recordEstimate(long)}).
 */
public final class MediaCounters {
    private final LongAdder plisSent = new LongAdder();
    private final LongAdder nacksReceived = new LongAdder();
    private final LongAdder nacksSent = new LongAdder();
    private final LongAdder repaired = new LongAdder();
    private final LongAdder repairsFailed = new LongAdder();
    private final LongAdder retransmissionsSent = new LongAdder();
    private final LongAdder rtxSent = new LongAdder();
    private final LongAdder dtlsFailures = new LongAdder();
    private final LongAdder participantsKicked = new LongAdder();
    private volatile LongConsumer estimateSink = bps -> {};
    private final LongAdder senderReportsSent = new LongAdder();
    private final LongAdder reportBlocksSent = new LongAdder();
    private final LongAdder senderReportsReceived = new LongAdder();
    private final LongAdder reportBlocksReceived = new LongAdder();
    private volatile LongConsumer rttSink = nanos -> {};
    private final DataCounters data = new DataCounters();

    /** The data channel counters (messages, bytes, drops by reason). */
    public DataCounters data() {
        return data;
    }

    public void countPliSent() {
        plisSent.increment();
    }

    /** For NACK handling: {@code lost} sequence numbers a receiver asked for in one NACK. */
    public void countNacksReceived(int lost) {
        nacksReceived.add(lost);
    }

    /** Upstream loss recovery: {@code lost} sequence numbers NACKed to a publisher (each retry counts). */
    public void countNacksSent(int lost) {
        nacksSent.add(lost);
    }

    /** A packet lost on the way from a publisher, recovered from its RTX stream. */
    public void countRepaired() {
        repaired.increment();
    }

    /** A publisher's layer whose repair failed (NACK retries or age spent): a keyframe was asked for. */
    public void countRepairFailed() {
        repairsFailed.increment();
    }

    /** Packets resent to receivers on their NACKs, {@code asRtx} of them in RTX packets. */
    public void countRetransmissions(int sent, int asRtx) {
        retransmissionsSent.add(sent);
        rtxSent.add(asRtx);
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

    public long nacksSent() {
        return nacksSent.sum();
    }

    public long repaired() {
        return repaired.sum();
    }

    public long repairsFailed() {
        return repairsFailed.sum();
    }

    public long retransmissionsSent() {
        return retransmissionsSent.sum();
    }

    public long rtxSent() {
        return rtxSent.sum();
    }

    public long dtlsFailures() {
        return dtlsFailures.sum();
    }

    public long participantsKicked() {
        return participantsKicked.sum();
    }
}
