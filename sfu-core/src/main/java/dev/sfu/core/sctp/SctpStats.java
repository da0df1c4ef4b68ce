package dev.sfu.core.sctp;

import java.util.Map;

/**
 * A snapshot of an association's counters.
 *
 * @param drops incoming packets or chunks dropped, by reason (every reason present)
 */
public record SctpStats(
        long packetsIn,
        long bytesIn,
        long packetsOut,
        long bytesOut,
        long messagesIn,
        long messagesOut,
        long retransmissions,
        long fastRetransmits,
        long t3Expiries,
        long abandonedMessages,
        Map<SctpDropReason, Long> drops) {

    public SctpStats {
        drops = Map.copyOf(drops);
    }

    public long drops(SctpDropReason reason) {
        return drops.getOrDefault(reason, 0L);
    }
}
