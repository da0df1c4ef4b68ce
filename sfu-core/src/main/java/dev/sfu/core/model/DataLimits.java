package dev.sfu.core.model;

/**
 * Bounds on one participant's data channels (docs/configuration.md, "Data channels").
 *
 * @param maxMessageSize the largest message the SFU takes (its {@code a=max-message-size}); a client's larger
 *     message aborts nothing but is dropped by SCTP reassembly
 * @param sendBudgetBytes what may wait in one participant's SCTP send queue (not yet acknowledged); past it,
 *     relayed messages to that participant are dropped (counted {@code receiver_buffer_full}): the heap a slow
 *     receiver can cost
 * @param messagesPerSecond the sustained rate of message parts one participant may send; its burst is twice that
 * @param bytesPerSecond the sustained bytes per second one participant may send; its burst is two seconds' worth
 */
public record DataLimits(long maxMessageSize, long sendBudgetBytes, int messagesPerSecond, long bytesPerSecond) {
    public static final DataLimits DEFAULTS = new DataLimits(1 << 20, 4L << 20, 500, 4L << 20);

    public DataLimits {
        if (maxMessageSize < 1024 || sendBudgetBytes < maxMessageSize || messagesPerSecond < 1 || bytesPerSecond < 1) {
            throw new IllegalArgumentException("data limits out of range: " + maxMessageSize + ", "
                    + sendBudgetBytes + ", " + messagesPerSecond + ", " + bytesPerSecond);
        }
    }
}
