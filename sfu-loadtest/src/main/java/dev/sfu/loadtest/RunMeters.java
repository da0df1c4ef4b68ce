package dev.sfu.loadtest;

/** Meters shared by every client of a run; lock-free, written on the peers' loops. */
final class RunMeters {
    final LatencyHistogram audioLatency = new LatencyHistogram();
    final LatencyHistogram videoLatency = new LatencyHistogram();
    /** How late the tool's event loops ran what was due ({@link LoopLagProbe}). */
    final LatencyHistogram loopLag = new LatencyHistogram();
    /** A silence this long on a subscription is a stall; the packet that ends one notes when it came. */
    final long stallNanos;

    RunMeters(long stallNanos) {
        this.stallNanos = stallNanos;
    }
}
