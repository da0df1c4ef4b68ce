package dev.sfu.core.bwe;

/** What the delay-based detector concludes about the path (draft-ietf-rmcat-gcc-02 §5.4). */
public enum BandwidthUsage {
    /** Queuing delay is stable. */
    NORMAL,
    /** Queuing delay is decreasing: a queue drains. */
    UNDERUSING,
    /** Queuing delay is growing: we send more than the bottleneck carries. */
    OVERUSING
}
