package dev.sfu.api.shared;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * How often each protection against careless or hostile clients acted (docs/operations.md, "Limits and
 * protections"), for {@code sfu_protections_total{reason}}. Thread-safe: counted from every Vert.x event loop.
 */
public final class Protections {
    /** One per limit that ends or refuses a connection; {@link #label()} is the metric's {@code reason}. */
    public enum Reason {
        RATE_LIMITED("rate_limited"),
        OUTBOUND_QUEUE_FULL("outbound_queue_full"),
        KEEPALIVE_TIMEOUT("keepalive_timeout"),
        JOIN_TIMEOUT("join_timeout"),
        ORIGIN_REFUSED("origin_refused"),
        SLOW_REQUEST_HEAD("slow_request_head");

        private final String label;

        Reason(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final Map<Reason, LongAdder> counts = new EnumMap<>(Reason.class);

    public Protections() {
        for (Reason reason : Reason.values()) {
            counts.put(reason, new LongAdder());
        }
    }

    public void count(Reason reason) {
        counts.get(reason).increment();
    }

    public long get(Reason reason) {
        return counts.get(reason).sum();
    }
}
