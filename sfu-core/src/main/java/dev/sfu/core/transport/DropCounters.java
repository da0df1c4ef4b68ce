package dev.sfu.core.transport;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts drops by reason. One instance per server; the counters are created up front so counting a drop
 * on the packet path allocates nothing. Thread-safe: read by metrics from any thread.
 */
public final class DropCounters {
    private final LongAdder[] counters = new LongAdder[DropReason.values().length];

    public DropCounters() {
        for (int i = 0; i < counters.length; i++) {
            counters[i] = new LongAdder();
        }
    }

    public void count(DropReason reason) {
        counters[reason.ordinal()].increment();
    }

    public long get(DropReason reason) {
        return counters[reason.ordinal()].sum();
    }

    public Map<DropReason, Long> snapshot() {
        Map<DropReason, Long> result = new EnumMap<>(DropReason.class);
        for (DropReason reason : DropReason.values()) {
            result.put(reason, get(reason));
        }
        return result;
    }
}
