package dev.sfu.core.sctp;

import java.util.Optional;

/**
 * Channel Type of DATA_CHANNEL_OPEN (RFC 8832 §5.1, §8.2.2). The high bit means unordered; the low bits
 * say how the Reliability Parameter reads: unused, a retransmission count, or a lifetime in milliseconds.
 */
public enum DataChannelType {
    RELIABLE(0x00),
    RELIABLE_UNORDERED(0x80),
    PARTIAL_RELIABLE_REXMIT(0x01),
    PARTIAL_RELIABLE_REXMIT_UNORDERED(0x81),
    PARTIAL_RELIABLE_TIMED(0x02),
    PARTIAL_RELIABLE_TIMED_UNORDERED(0x82);

    private final int code;

    DataChannelType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public boolean unordered() {
        return (code & 0x80) != 0;
    }

    public static Optional<DataChannelType> fromCode(int code) {
        for (DataChannelType type : values()) {
            if (type.code == code) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
