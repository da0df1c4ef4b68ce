package dev.sfu.loadtest;

import java.io.PrintStream;

/**
 * A {@link Report} as the terminal table: a row per measured second, then a line per total, the last one the
 * result. The scripts grep these lines by their names (sweep.sh, longrun.sh): keep the names.
 */
final class ReportTable {
    /** Stalled subscriptions listed one per line; the JSON has them all. */
    private static final int MAX_STALL_ROWS = 10;

    private final Report report;
    private final PrintStream out;

    ReportTable(Report report, PrintStream out) {
        this.report = report;
        this.out = out;
    }

    void print(boolean perSecondRows) {
        if (perSecondRows) {
            seconds();
        }
        totals();
        stalls();
        if (churning()) {
            churn();
        }
        if (report.totals().data().ratePerSender() > 0) {
            data();
        }
        Report.Totals t = report.totals();
        row("result", t.problems().isEmpty() ? "PASS" : "FAIL: " + String.join("; ", t.problems()));
    }

    private boolean churning() {
        return report.setup().churnPerMinute() > 0;
    }

    private void seconds() {
        boolean churning = churning();
        out.printf("%4s %9s %8s %9s %8s %6s %6s %7s %7s %7s %7s %6s %9s %7s %6s %5s %6s %5s %7s"
                + (churning ? " %4s %4s" : "") + "%n", "sec", "sent pkt", "sent kb/s", "recv pkt", "recv Mb/s",
                "lost", "bad", "p50 us", "p95 us", "p99 us", "lag p99", "cpu %", "srv out/s", "us/pkt", "heapMB",
                "pli", "nack", "stall", "stalled", "left", "join");
        for (Report.Second s : report.perSecond()) {
            out.printf("%4d %9d %8d %9d %8.1f %6d %6d %7d %7d %7d %7d %6.1f %9d %7.2f %6d %5d %6d %5d %7d"
                    + (churning ? " %4d %4d" : "") + "%n",
                    s.second(), s.sentPackets(), s.sentKbps(), s.receivedPackets(), s.receivedKbps() / 1000.0,
                    s.lostPackets(), s.corruptPackets(), s.latencyP50Micros(), s.latencyP95Micros(),
                    s.latencyP99Micros(), s.loopLagP99Micros(), s.serverCpuPercent(), s.serverPacketsSent(),
                    s.serverCpuMicrosPerPacketSent(), s.serverHeapMb(), s.plis(), s.nacks(), s.stalls(),
                    s.stalledSubscriptions(), s.churnLeaves(), s.churnJoins());
        }
    }

    private void totals() {
        Report.Setup setup = report.setup();
        Report.Totals t = report.totals();
        out.printf("%n== %d room(s) x (%d publishers -> %d subscribers), %s, %d s measured%s ==%n", setup.rooms(),
                setup.publishersPerRoom(), setup.subscribersPerRoom(), setup.simulcastLayers() == 0 ? "one video layer"
                        : setup.simulcastLayers() + " simulcast layers, quality " + setup.quality(),
                setup.durationSeconds(),
                setup.serverInProcess() ? " (server in this JVM: CPU figures include the load tool)" : "");
        row("participants connected", t.participants().connected() + " (join failures "
                + t.participants().joinFailures() + ")");
        Report.Traffic traffic = t.traffic();
        row("sent", traffic.sentPackets() + " packets, " + mbit(traffic.sentBits(), setup.durationSeconds()) + " Mb/s");
        row("received", traffic.receivedPackets() + " packets, "
                + mbit(traffic.receivedBits(), setup.durationSeconds()) + " Mb/s");
        row("lost (sequence gaps)", traffic.lostPackets() + String.format(" (%.3f %%)", traffic.lossPercent()));
        row("corrupt (stamp CRC)", String.valueOf(traffic.corruptPackets()));
        row("SRTP failures at receivers", String.valueOf(traffic.srtpFailures()));
        Report.Delivery delivery = t.delivery();
        row("delivery (stamp counters)", delivery.received() + " of " + delivery.expected() + " (" + delivery.lost()
                + " missing)" + (setup.simulcastLayers() > 0 ? ", audio only (simulcast)" : ""));
        row("latency all p50/p95/p99/max", lat(t.latency().all()));
        row("latency video", lat(t.latency().video()));
        row("latency audio", lat(t.latency().audio()));
        row("tool loop lag p50/p95/p99/max", lat(t.loopLag()).replace("packets", "probes") + ", "
                + setup.toolEventLoops() + " loops; video " + (setup.pacedVideo() ? "paced" : "not paced")
                + (setup.audio() ? "" : ", no audio"));
        Report.FirstFrame ff = t.firstFrame();
        row("time to first frame p50/p95/max", ff.p50Millis() + " / " + ff.p95Millis() + " / " + ff.maxMillis()
                + " ms (" + ff.count() + " video subscriptions)");
        row("video subscriptions by width", String.valueOf(t.videoLayerWidths()));
        Report.Repair repair = t.repair();
        row("PLIs to publishers, keyframes", repair.plisToPublishers() + " (server sent " + repair.serverPlisSent()
                + "), " + repair.keyframesSent());
        row("NACKed packets (server count)", String.valueOf(repair.nacks()));
        Report.Server server = t.server();
        row("server CPU", String.format("%.2f s (%.1f %% of one core), %.2f us per datagram sent",
                server.cpuSeconds(), server.cpuPercent(), server.cpuMicrosPerPacketSent()));
        row("server datagrams out / in", server.packetsSent() + " / " + server.packetsReceived());
        row("server heap start/end/max", server.heapStartMb() + " / " + server.heapEndMb() + " / "
                + server.heapMaxMb() + " MB");
        row("server drops (not keyframe waits)", String.valueOf(server.drops()));
        Report.Signaling signaling = t.signaling();
        row("signaling errors", signaling.errors() + (signaling.lastError() == null ? "" : " (last: "
                + signaling.lastError() + ")"));
    }

    private void stalls() {
        Report.Stalls stalls = report.totals().stalls();
        row("stalls (silent >= " + report.setup().stallSeconds() + " s)", stalls.events() + " on "
                + stalls.subscriptions() + " subscriptions, " + stalls.millis() + " ms stalled in all");
        for (int i = 0; i < stalls.bySubscription().size() && i < MAX_STALL_ROWS; i++) {
            Report.Stall st = stalls.bySubscription().get(i);
            row("  stalled " + st.subscriber() + " mid " + st.mid(), st.kind() + " of " + st.publisher() + ": "
                    + st.stalls() + " stalls, " + st.stalledMillis() + " ms"
                    + (st.stalledAtEnd() ? ", at the end" : ""));
        }
        if (stalls.bySubscription().size() > MAX_STALL_ROWS) {
            row("  ...", (stalls.bySubscription().size() - MAX_STALL_ROWS) + " more in the JSON");
        }
    }

    private void churn() {
        Report.Churn c = report.totals().churn();
        row("churn (" + c.perMinute() + " per minute)", c.leaves() + " left, " + c.joins() + " joined, "
                + c.joinFailures() + " join failures, " + c.stillJoining() + " still joining at the end"
                + (c.lastError() == null ? "" : " (last: " + c.lastError() + ")"));
        row("churn first packet p50/p99/max", times(c.firstPacket()) + " newcomers, from the start of the join)");
        row("churn first frame p50/p99/max", times(c.firstFrame()) + " newcomers, " + c.withoutFrame()
                + " without a frame)");
        row("churn delivery (leavers)", c.departedDeliveryReceived() + " of "
                + c.departedDeliveryExpected() + " (" + (c.departedDeliveryExpected()
                - c.departedDeliveryReceived()) + " missing, first to last packet seen)");
    }

    private void data() {
        Report.Data d = report.totals().data();
        int seconds = report.setup().durationSeconds();
        row("data (" + d.ratePerSender() + "/s x " + d.messageBytes() + " B)", d.sendersPerRoom()
                + " senders per room, " + d.stalledPerRoom() + " stalled receivers per room");
        row("data sent", d.messagesSent() + " messages, " + mbyte(d.bytesSent(), seconds) + " MB/s ("
                + d.refusedBySenders() + " refused by the sender's own budget"
                + (d.lastRefusal() == null ? "" : ", last: " + d.lastRefusal()) + ")");
        row("data received", d.messagesReceived() + " messages, " + mbyte(d.bytesReceived(), seconds) + " MB/s");
        row("data corrupt / out of order", d.corrupt() + " / " + d.disordered() + " (" + d.unchecked()
                + " unchecked)");
        row("data delivery (checked)", d.deliveryReceived() + " of " + d.deliveryExpected() + " (" + d.deliveryLost()
                + " missing; " + d.receiversChecked() + " receivers, " + d.receiversDeparted() + " left, stalled got "
                + d.stalledReceived() + ")");
        row("server data in / out", d.serverMessagesIn() + " / " + d.serverMessagesOut() + " messages, "
                + d.serverBytesIn() + " / " + d.serverBytesOut() + " bytes");
        row("server data out rate", String.format("%.0f messages/s, %.2f MB/s, %.0f messages per CPU second",
                d.serverMessagesOutPerSecond(), d.serverMegabytesOutPerSecond(), d.serverMessagesOutPerCpuSecond()));
        row("server data drops", String.valueOf(d.serverDrops()));
        row("data associations closed", d.associationsClosed() + (d.lastClosedReason() == null ? ""
                : " (last: " + d.lastClosedReason() + ")"));
    }

    private static String mbyte(long bytes, int seconds) {
        return String.format("%.2f", bytes / 1e6 / Math.max(1, seconds));
    }

    private void row(String name, String value) {
        out.printf("  %-34s %s%n", name, value);
    }

    private static String lat(Report.Latency l) {
        return l.p50Micros() + " / " + l.p95Micros() + " / " + l.p99Micros() + " / " + l.maxMicros() + " us ("
                + l.count() + " packets)";
    }

    private static String times(Report.JoinTimes t) {
        return t.p50Millis() + " / " + t.p99Millis() + " / " + t.maxMillis() + " ms (" + t.count();
    }

    private static String mbit(long bits, int seconds) {
        return String.format("%.2f", bits / 1e6 / Math.max(1, seconds));
    }
}
