package dev.sfu.loadtest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@link Report} once the window is over and the end-of-run checks are done: the one place each
 * total is worked out and put in its group, and where the run's problems (what fails it) are decided.
 */
final class ReportAssembler {
    private final LoadOptions options;
    private final int toolEventLoops;

    ReportAssembler(LoadOptions options, int toolEventLoops) {
        this.options = options;
        this.toolEventLoops = toolEventLoops;
    }

    /**
     * @param delivery the stamp-counter check over the subscribers at the end (without those churn took away)
     * @param firstFrame time to first frame over the subscribers at the end
     * @param videoLayerWidths video subscriptions by the width they ended on
     * @param churned the churn report (it adds its leavers' delivery and signaling errors here)
     * @param departedSignalingErrors signaling errors of the subscribers churn took away
     * @param dataDelivery the data check at the end ({@link DataTraffic#finish()})
     * @param dataRefusal the last reason a data sender's association refused a message (null: none)
     * @param dataClosed the participants whose data association closed during the run
     */
    Report assemble(WindowSampler.Measurement m, Participants participants, Report.Delivery delivery,
            Report.FirstFrame firstFrame, Map<Integer, Integer> videoLayerWidths, Report.Stalls stalls,
            Report.Churn churned, long departedSignalingErrors, DataDelivery dataDelivery, String dataRefusal,
            DataTraffic.Closed dataClosed) {
        PeerTotals w = m.peers();
        Report.Delivery allDelivery = delivery(delivery.expected() + churned.departedDeliveryExpected(),
                delivery.received() + churned.departedDeliveryReceived());
        Report.Participants joined = new Report.Participants(participants.connected(), participants.joinFailures());
        long expected = w.receivedPackets() + w.missing();
        Report.Traffic traffic = new Report.Traffic(w.sentPackets(), w.sentBytes() * 8, w.receivedPackets(),
                w.receivedBytes() * 8, w.missing(), expected == 0 ? 0 : round(100.0 * w.missing() / expected),
                w.corrupt(), w.srtpFailures(), w.unknownSsrc());
        Report.Latencies latency = new Report.Latencies(Report.Latency.of(m.audio()), Report.Latency.of(m.video()),
                Report.Latency.of(m.audio().plus(m.video())));
        ServerMetrics.Interval server = m.server();
        Report.Repair repair = new Report.Repair(w.plis(), server == null ? -1 : server.plisSent(), w.keyframes(),
                server == null ? -1 : server.nacksReceived());
        Report.Signaling signaling = new Report.Signaling(participants.signalingErrors() + departedSignalingErrors,
                participants.lastError());
        Report.Data data = data(options, m.data(), dataDelivery, m.server(), dataRefusal, dataClosed);
        List<String> problems = problems(joined, traffic, allDelivery, stalls, churned);
        problems.addAll(dataProblems(data));
        Report.Totals totals = new Report.Totals(joined, traffic, allDelivery, latency, firstFrame, repair,
                server(m), signaling, videoLayerWidths, stalls, Report.Latency.of(m.loopLag()), problems, churned,
                data);
        return new Report(setup(), m.rows(), totals);
    }

    static Report.Delivery delivery(long expected, long received) {
        return new Report.Delivery(expected, received, expected - received);
    }

    /** The server over the window: -1 for what a failed scrape hides. */
    private static Report.Server server(WindowSampler.Measurement m) {
        ServerMetrics.Interval s = m.server();
        long heapStartMb = m.serverStart() == null ? -1 : m.serverStart().heapBytes() >> 20;
        long heapEndMb = m.serverEnd() == null ? -1 : m.serverEnd().heapBytes() >> 20;
        long heapMaxMb = m.serverHeapMaxBytes() >> 20;
        if (s == null) {
            return new Report.Server(-1, -1, -1, -1, -1, heapStartMb, heapEndMb, heapMaxMb, -1);
        }
        return new Report.Server(round(s.cpuSeconds()), s.packetsSent(), s.packetsReceived(),
                round(s.cpuMicrosPerPacketSent()), round(s.cpuPercent()), heapStartMb, heapEndMb, heapMaxMb, s.drops());
    }

    private Report.Setup setup() {
        LoadOptions o = options;
        return new Report.Setup(o.url().toString(), o.embedded(), o.rooms(), o.publishers(), o.subscribers(),
                o.durationSeconds(), o.videoKbps(), o.fps(), o.layers(), o.quality(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), o.pacing(),
                o.stallSeconds(), toolEventLoops, o.audio(), o.churnPerMinute());
    }

    /** Why the run failed (the exit status says so): empty when everything sent arrived intact and on time. */
    private static List<String> problems(Report.Participants joined, Report.Traffic traffic,
            Report.Delivery delivery, Report.Stalls stalls, Report.Churn churned) {
        List<String> problems = new ArrayList<>();
        if (joined.connected() == 0) {
            problems.add("no participant connected");
        }
        if (joined.joinFailures() > 0) {
            problems.add(joined.joinFailures() + " participants failed to join");
        }
        if (churned.joinFailures() + churned.stillJoining() > 0) {
            problems.add("churn: " + churned.joinFailures() + " newcomers failed to join, "
                    + churned.stillJoining() + " still joining at the end");
        }
        if (stalls.subscriptions() > 0) {
            problems.add(stalls.events() + " stalls on " + stalls.subscriptions() + " subscriptions");
        }
        if (delivery.lost() > 0) {
            problems.add("delivery incomplete: " + delivery.lost() + " of " + delivery.expected()
                    + " stamped packets missing");
        }
        if (traffic.corruptPackets() > 0) {
            problems.add(traffic.corruptPackets() + " packets arrived corrupt");
        }
        return problems;
    }

    /** The data figures: the tool's over the window, the end-of-run check, the server's over the window. */
    static Report.Data data(LoadOptions o, DataTotals window, DataDelivery delivery, ServerMetrics.Interval server,
            String lastRefusal, DataTraffic.Closed closed) {
        ServerMetrics.DataSample d = server == null ? ServerMetrics.DataSample.NONE : server.data();
        double seconds = server == null ? 0 : server.seconds();
        double cpuSeconds = server == null ? 0 : server.cpuSeconds();
        DataTotals.Sent sent = window.sent();
        DataTotals.Received got = window.received();
        return new Report.Data(o.dataRate(), o.dataSize(), o.dataEnabled() ? o.dataSenders() : 0, o.dataStalled(),
                sent.messages(), sent.bytes(), sent.refused(), got.messages(), got.bytes(), got.corrupt(),
                got.disordered(), got.unchecked(), delivery.expected(), delivery.received(), delivery.lost(),
                delivery.receiversChecked(), delivery.receiversDeparted(), delivery.stalledReceived(),
                d.messagesIn(), d.messagesOut(), d.bytesIn(), d.bytesOut(),
                seconds > 0 && d.messagesOut() >= 0 ? round(d.messagesOut() / seconds) : -1,
                seconds > 0 && d.bytesOut() >= 0 ? round(d.bytesOut() / seconds / 1e6) : -1,
                cpuSeconds > 0 && d.messagesOut() >= 0 ? round(d.messagesOut() / cpuSeconds) : -1, d.drops(),
                lastRefusal, closed.associations(), closed.lastReason());
    }

    /** Data messages missing, corrupt or out of order fail the run; refusals by a sender's own budget do not. */
    static List<String> dataProblems(Report.Data d) {
        List<String> problems = new ArrayList<>();
        if (d.deliveryLost() > 0) {
            problems.add("data delivery incomplete: " + d.deliveryLost() + " of " + d.deliveryExpected()
                    + " messages missing");
        }
        if (d.corrupt() > 0) {
            problems.add(d.corrupt() + " data messages arrived corrupt");
        }
        if (d.associationsClosed() > 0) {
            problems.add(d.associationsClosed() + " data associations closed (last: " + d.lastClosedReason() + ")");
        }
        if (d.disordered() > 0) {
            problems.add(d.disordered() + " reliable data messages arrived out of order");
        }
        return problems;
    }

    /** Two decimals, as the report gives fractional figures. */
    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
