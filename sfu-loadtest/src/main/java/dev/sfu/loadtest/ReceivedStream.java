package dev.sfu.loadtest;

/**
 * What one incoming SSRC of a participant delivered, from the payload stamps. Written by {@link StampReceiver} on
 * the peer's loop only; read by the measuring thread and churn (volatile fields: each read sees a recent value,
 * and a hop onto the peer's loop first makes them exact).
 */
final class ReceivedStream {
    volatile int senderId = -1;
    volatile boolean video;
    volatile long firstCounter = -1;
    volatile long lastCounter = -1;
    volatile long packets;
    volatile long firstPacketNanos;
    volatile long firstFrameNanos;
    volatile long lastPacketNanos;
    /** When a packet last ended a silence of at least the stall threshold (0: never). */
    volatile long resumedNanos;
}
