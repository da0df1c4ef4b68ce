package dev.sfu.core.engine;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

/**
 * Counts of media-plane events for metrics, written on the media loop and read from any thread. Created up
 * front, so counting allocates nothing.
 *
 * <p>Counted now: PLIs sent to publishers (after {@code KeyframeRequester}'s merging), DTLS handshake
 * failures, participants removed by the backend. Hooks for data the media plane does not produce yet:
 * {@link #countNacksReceived(int)} (NACK handling) and {@link #recordEstimate(long)} (bandwidth estimation);
 * until those features call them, their meters stay at zero.
 */
public final class MediaCounters {
    private final LongAdder plisSent = new LongAdder();
    private final LongAdder nacksReceived = new LongAdder();
    private final LongAdder dtlsFailures = new LongAdder();
    private final LongAdder participantsKicked = new LongAdder();
    private volatile LongConsumer estimateSink = bps -> {};

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
