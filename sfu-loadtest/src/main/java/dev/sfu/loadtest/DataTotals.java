package dev.sfu.loadtest;

/** Sums of the run's data traffic at one moment, as the per-second rows and the report take them. */
record DataTotals(Sent sent, Received received) {
    static final DataTotals ZERO = new DataTotals(new Sent(0, 0, 0), new Received(0, 0, 0, 0, 0));

    /**
     * @param messages messages the senders' associations queued
     * @param refused messages a sender's own association refused (its send budget full): never sent
     */
    record Sent(long messages, long bytes, long refused) {
        Sent plus(Sent o) {
            return new Sent(messages + o.messages, bytes + o.bytes, refused + o.refused);
        }
    }

    /**
     * @param messages intact messages received (every sender, every receiver)
     * @param corrupt messages whose content check failed
     * @param disordered intact messages that came after a later one of their sender (reliable is ordered)
     * @param unchecked messages that arrived but fell out of the peer's kept list before the tool read them
     */
    record Received(long messages, long bytes, long corrupt, long disordered, long unchecked) {
        Received plus(Received o) {
            return new Received(messages + o.messages, bytes + o.bytes, corrupt + o.corrupt,
                    disordered + o.disordered, unchecked + o.unchecked);
        }
    }

    DataTotals plus(DataTotals o) {
        return new DataTotals(sent.plus(o.sent), received.plus(o.received));
    }

    DataTotals minus(DataTotals o) {
        return new DataTotals(new Sent(sent.messages - o.sent.messages, sent.bytes - o.sent.bytes,
                sent.refused - o.sent.refused), new Received(received.messages - o.received.messages,
                received.bytes - o.received.bytes, received.corrupt - o.received.corrupt,
                received.disordered - o.received.disordered, received.unchecked - o.received.unchecked));
    }
}
