package dev.sfu.loadtest;

import java.util.List;
import java.util.Map;

/**
 * The end-of-run data check: over the receivers that stayed to the end and kept reading, the messages their
 * room's senders' associations queued from the first one each receiver was owed ({@code expected}), against those
 * that arrived intact and in order ({@code received}). Receivers that left (churn) and those stalled on purpose are
 * not in it, nor are senders that left (churn); what the stalled ones got is {@code stalledReceived}.
 */
record DataDelivery(long expected, long received, int receiversChecked, int receiversDeparted, int receiversStalled,
        long stalledReceived) {
    static final DataDelivery NONE = new DataDelivery(0, 0, 0, 0, 0, 0);

    long lost() {
        return expected - received;
    }

    static DataDelivery of(List<DataSender> senders, List<DataReceiver> receivers) {
        long expected = 0;
        long received = 0;
        int checked = 0;
        int departed = 0;
        int stalled = 0;
        long stalledReceived = 0;
        for (DataReceiver r : receivers) {
            if (r.departed()) {
                departed++;
                continue;
            }
            if (r.stalled) {
                stalled++;
                stalledReceived += r.totals().messages();
                continue;
            }
            if (r.owedFrom().isEmpty()) {
                continue; // the only sender of its room: owed nothing
            }
            checked++;
            for (Map.Entry<Integer, Long> owed : r.owedFrom().entrySet()) {
                if (senders.get(owed.getKey()).departed()) {
                    continue; // a sender churn took away: its last messages may have gone down with its peer
                }
                expected += senders.get(owed.getKey()).queuedFrom(owed.getValue());
                received += r.owedReceived(owed.getKey());
            }
        }
        return new DataDelivery(expected, received, checked, departed, stalled, stalledReceived);
    }
}
