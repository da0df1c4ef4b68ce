package dev.sfu.core.sctp;

import java.util.EnumMap;
import java.util.Map;

/** The association's mutable counters, confined to its thread; {@link #snapshot()} copies them out. */
final class SctpCounters {
    long packetsIn;
    long bytesIn;
    long packetsOut;
    long bytesOut;
    long messagesIn;
    long messagesOut;
    long retransmissions;
    long fastRetransmits;
    long t3Expiries;
    long abandonedMessages;
    private final long[] drops = new long[SctpDropReason.values().length];

    void drop(SctpDropReason reason) {
        drops[reason.ordinal()]++;
    }

    SctpStats snapshot() {
        Map<SctpDropReason, Long> byReason = new EnumMap<>(SctpDropReason.class);
        for (SctpDropReason reason : SctpDropReason.values()) {
            byReason.put(reason, drops[reason.ordinal()]);
        }
        return new SctpStats(packetsIn, bytesIn, packetsOut, bytesOut, messagesIn, messagesOut, retransmissions,
                fastRetransmits, t3Expiries, abandonedMessages, byReason);
    }
}
