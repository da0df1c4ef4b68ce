package dev.sfu.loadtest;

/** Meters shared by every client of a run; lock-free, written on the peers' loops. */
final class RunMeters {
    final LatencyHistogram audioLatency = new LatencyHistogram();
    final LatencyHistogram videoLatency = new LatencyHistogram();
}
