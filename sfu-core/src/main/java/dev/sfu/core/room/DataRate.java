package dev.sfu.core.room;

import dev.sfu.core.model.DataLimits;

/**
 * One participant's sending rate on its data channels: a token bucket of message parts and one of bytes, both
 * with the limits of {@link DataLimits} (bursts of twice the per-second rate). Confined to the room's loop.
 */
final class DataRate {
    private final double messagesPerNano;
    private final double bytesPerNano;
    private final double messageBurst;
    private final double byteBurst;
    private double messages;
    private double bytes;
    private long lastNanos;

    DataRate(DataLimits limits, long nowNanos) {
        this.messagesPerNano = limits.messagesPerSecond() / 1e9;
        this.bytesPerNano = limits.bytesPerSecond() / 1e9;
        this.messageBurst = 2.0 * limits.messagesPerSecond();
        this.byteBurst = 2.0 * limits.bytesPerSecond();
        this.messages = messageBurst;
        this.bytes = byteBurst;
        this.lastNanos = nowNanos;
    }

    /** Takes one message of {@code size} bytes if both buckets have it; false (nothing taken) otherwise. */
    boolean take(int size, long nowNanos) {
        long elapsed = Math.max(0, nowNanos - lastNanos);
        lastNanos = nowNanos;
        messages = Math.min(messageBurst, messages + elapsed * messagesPerNano);
        bytes = Math.min(byteBurst, bytes + elapsed * bytesPerNano);
        if (messages < 1 || bytes < size) {
            return false;
        }
        messages -= 1;
        bytes -= size;
        return true;
    }
}
