package dev.sfu.api.signaling;

import java.util.function.LongSupplier;

/**
 * How many messages one session may send ({@link SignalingLimits}): a small budget before its join succeeded, a
 * larger one after, each a {@link TokenBucket}. Used on the session's context only.
 */
final class MessageRate {
    private final SignalingLimits limits;
    private final TokenBucket bucket;
    private boolean joined;

    MessageRate(SignalingLimits limits, LongSupplier nanos) {
        this.limits = limits;
        this.bucket = new TokenBucket(limits.preJoinMessagesPerSecond(), limits.preJoinBurst(), nanos);
    }

    /** Whether one more message is within the rate. */
    boolean admit() {
        return bucket.tryTake();
    }

    /** The join succeeded: the joined budget applies from now, starting full. */
    void joined() {
        joined = true;
        bucket.reset(limits.messagesPerSecond(), limits.messageBurst());
    }

    /** The {@code rate_limited} message: the rate that was passed. */
    String exceeded() {
        return joined
                ? "more than " + perSecond(limits.messagesPerSecond()) + " messages/s (bursts of "
                        + limits.messageBurst() + ")"
                : "more than " + perSecond(limits.preJoinMessagesPerSecond()) + " messages/s before join (bursts of "
                        + limits.preJoinBurst() + ")";
    }

    private static String perSecond(double rate) {
        return rate == Math.rint(rate) ? String.valueOf((long) rate) : String.valueOf(rate);
    }
}
