package dev.sfu.loadtest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The result of a run: one row per measured second and the totals. Printed as a table, written as JSON.
 * Bits are RTP payload bits. Latencies are microseconds from the stamped send time (when the packet left the
 * publisher, after its pacer when paced) to the receiving peer's decryption, on one host clock; the tool's own
 * event-loop lag is reported next to them. Server figures come from its /metrics (whole process).
 */
public record Report(Setup setup, List<Second> perSecond, Totals totals) {

    /**
     * What ran. {@code serverInProcess}: the server shared this JVM, so its CPU figures include the tool.
     *
     * @param pacedVideo publishers paced video as a browser does (else each frame's packets back to back)
     * @param audio publishers sent audio beside video (else video only)
     * @param stallSeconds the silence that makes a stall
     * @param toolEventLoops the event loops the tool's peers share (its {@code availableProcessors})
     * @param churnPerMinute subscribers replaced per minute during the window ({@code --churn}), 0 for none
     */
    public record Setup(String url, boolean serverInProcess, int rooms, int publishersPerRoom,
            int subscribersPerRoom, int durationSeconds, int videoKbps, int fps, int simulcastLayers, String quality,
            int availableProcessors, String javaVersion, boolean pacedVideo, int stallSeconds, int toolEventLoops,
            boolean audio, int churnPerMinute) {}

    /**
     * @param plis PLIs and FIRs the publishers received in this second
     * @param nacks packets the receivers NACKed to the server in this second (its sfu_rtcp_nack_received), or -1
     * @param stalls stalls that began in this second (a subscription silent for the stall threshold while its
     *     publisher kept sending)
     * @param stalledSubscriptions subscriptions stalled at the end of this second
     * @param loopLagP99Micros how late the tool's own event loops ran what was due ({@code LoopLagProbe}): the
     *     receive-side queueing the tool adds to the latency percentiles
     * @param churnLeaves subscribers that left in this second ({@code --churn})
     * @param churnJoins churn newcomers whose media was keyed in this second
     */
    public record Second(int second, long sentPackets, long sentKbps, long receivedPackets, long receivedKbps,
            long lostPackets, long corruptPackets, long latencyP50Micros, long latencyP95Micros,
            long latencyP99Micros, double serverCpuPercent, long serverPacketsSent,
            double serverCpuMicrosPerPacketSent, long serverHeapMb, long plis, long nacks, int stalls,
            int stalledSubscriptions, long loopLagP50Micros, long loopLagP99Micros, long loopLagMaxMicros,
            int churnLeaves, int churnJoins) {}

    /**
     * Subscriber churn over the window ({@code --churn}). Times are from a newcomer's start (creating its peer,
     * before the join message) to its first RTP packet and to the last packet of its first complete video frame
     * (its first keyframe), over every newcomer (read when it left or at the end of the run).
     *
     * @param leaves subscribers that left (closed their socket and peer)
     * @param joins newcomers that joined and got their media keyed
     * @param joinFailures newcomers that failed to join (after a retry), or replacements with nobody to replace
     * @param stillJoining newcomers still joining when the window and a grace period were over (cancelled)
     * @param withoutFrame newcomers that had no complete video frame when they left or the run ended
     * @param departedDeliveryExpected over the subscribers that left: stamped packets from the first counter each
     *     stream saw to the last (what was in flight when it left is not missing); also in the run's delivery
     * @param departedDeliveryReceived what those subscribers received of them
     */
    public record Churn(int perMinute, int leaves, int joins, int joinFailures, int stillJoining,
            long firstPacketP50Millis, long firstPacketP99Millis, long firstPacketMaxMillis, int firstPacketCount,
            long firstFrameP50Millis, long firstFrameP99Millis, long firstFrameMaxMillis, int firstFrameCount,
            int withoutFrame, long departedDeliveryExpected, long departedDeliveryReceived, String lastError) {}

    /**
     * A subscription that stalled at least once in the measured window.
     *
     * @param stalledMillis time spent stalled: from the last packet before each silence (or the window's start)
     *     to the next packet (or the window's end)
     * @param stalledAtEnd still stalled when the window ended
     */
    public record Stall(String subscriber, String mid, String kind, String publisher, int stalls, long stalledMillis,
            boolean stalledAtEnd) {}

    public record Latency(long count, long p50Micros, long p95Micros, long p99Micros, long maxMicros) {
        static Latency of(LatencyHistogram.Snapshot s) {
            return new Latency(s.count(), s.percentile(0.50), s.percentile(0.95), s.percentile(0.99), s.max());
        }
    }

    /**
     * Totals over the measured window, except {@code delivery*}, which compare over each subscription's whole
     * life what the publishers' stamp counters say was sent with what arrived (after the publishers stopped
     * and the pipe drained), and so also see tail loss.
     *
     * @param lostPackets sequence-number gaps seen by the receivers in the window
     * @param corruptPackets payloads whose stamp CRC failed (the server changed the bytes)
     * @param srtpFailures packets the receivers could not authenticate or decrypt
     * @param plisToPublishers PLIs and FIRs the publishers received
     * @param serverPlisSent PLIs the server sent to publishers (its own count), or -1
     * @param nacks packets receivers NACKed to the server (its count; JavaPeer subscribers do not NACK on their
     *     own, browsers do), or -1
     * @param videoLayerWidths video subscriptions by the width of the last keyframe they received (which
     *     simulcast layer each subscriber ended on: 320, 640 or 1280; 640 without simulcast)
     * @param deliveryExpected with simulcast ({@code simulcastLayers > 0}) audio only: a receiver's video moves
     *     between layers, each with its own stamp counter
     * @param stalls stall events ({@link Second#stalls()}) over the window
     * @param stalledSubscriptions subscriptions that stalled at least once; {@code stalled} lists them
     * @param stalledMillis time spent stalled, summed over the subscriptions
     * @param loopLag how late the tool's event loops ran what was due (count: probes), next to the latencies
     * @param problems why the run failed, empty when it passed; the exit status is 3 when there is any (1 when
     *     nobody connected)
     * @param churn subscriber churn over the window (all zeros when off); the figures above include the
     *     newcomers and, up to when they left, the subscribers that left
     */
    public record Totals(int participantsConnected, int joinFailures, long sentPackets, long sentBits,
            long receivedPackets, long receivedBits, long lostPackets, double lossPercent, long corruptPackets,
            long srtpFailures, long unknownSsrcPackets, long deliveryExpected, long deliveryReceived,
            long deliveryLost, Latency audio, Latency video, Latency all, long firstFrameP50Millis,
            long firstFrameP95Millis, long firstFrameMaxMillis, int firstFrameCount, long plisToPublishers,
            long serverPlisSent, long keyframesSent, long nacks, double serverCpuSeconds, long serverPacketsSent,
            long serverPacketsReceived, double serverCpuMicrosPerPacketSent, double serverCpuPercent,
            long serverHeapStartMb, long serverHeapEndMb, long serverHeapMaxMb, long serverDrops,
            long signalingErrors, String lastError, Map<Integer, Integer> videoLayerWidths, int stalls,
            int stalledSubscriptions, long stalledMillis, List<Stall> stalled, Latency loopLag,
            List<String> problems, Churn churn) {}

    /** Exit status of the tool: 0 passed, 1 nobody connected, 3 stalls, missing or corrupt packets, failed joins. */
    public int exitStatus() {
        if (totals.participantsConnected() == 0) {
            return 1;
        }
        return totals.problems().isEmpty() ? 0 : 3;
    }

    private static final int MAX_STALL_ROWS = 10;

    public void writeJson(Path path) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(path.toFile(), this);
    }

    public void printTable(PrintStream out, boolean perSecondRows) {
        boolean churning = setup.churnPerMinute() > 0;
        if (perSecondRows) {
            out.printf("%4s %9s %8s %9s %8s %6s %6s %7s %7s %7s %7s %6s %9s %7s %6s %5s %6s %5s %7s"
                    + (churning ? " %4s %4s" : "") + "%n", "sec", "sent pkt", "sent kb/s", "recv pkt", "recv Mb/s",
                    "lost", "bad", "p50 us", "p95 us", "p99 us", "lag p99", "cpu %", "srv out/s", "us/pkt", "heapMB",
                    "pli", "nack", "stall", "stalled", "left", "join");
            for (Second s : perSecond) {
                out.printf("%4d %9d %8d %9d %8.1f %6d %6d %7d %7d %7d %7d %6.1f %9d %7.2f %6d %5d %6d %5d %7d"
                        + (churning ? " %4d %4d" : "") + "%n",
                        s.second(), s.sentPackets(), s.sentKbps(), s.receivedPackets(), s.receivedKbps() / 1000.0,
                        s.lostPackets(), s.corruptPackets(), s.latencyP50Micros(), s.latencyP95Micros(),
                        s.latencyP99Micros(), s.loopLagP99Micros(), s.serverCpuPercent(), s.serverPacketsSent(),
                        s.serverCpuMicrosPerPacketSent(), s.serverHeapMb(), s.plis(), s.nacks(), s.stalls(),
                        s.stalledSubscriptions(), s.churnLeaves(), s.churnJoins());
            }
        }
        Totals t = totals;
        out.printf("%n== %d room(s) x (%d publishers -> %d subscribers), %s, %d s measured%s ==%n", setup.rooms(),
                setup.publishersPerRoom(), setup.subscribersPerRoom(), setup.simulcastLayers() == 0 ? "one video layer"
                        : setup.simulcastLayers() + " simulcast layers, quality " + setup.quality(),
                setup.durationSeconds(),
                setup.serverInProcess() ? " (server in this JVM: CPU figures include the load tool)" : "");
        row(out, "participants connected", t.participantsConnected() + " (join failures " + t.joinFailures() + ")");
        row(out, "sent", t.sentPackets() + " packets, " + mbit(t.sentBits(), setup.durationSeconds()) + " Mb/s");
        row(out, "received", t.receivedPackets() + " packets, " + mbit(t.receivedBits(), setup.durationSeconds())
                + " Mb/s");
        row(out, "lost (sequence gaps)", t.lostPackets() + String.format(" (%.3f %%)", t.lossPercent()));
        row(out, "corrupt (stamp CRC)", String.valueOf(t.corruptPackets()));
        row(out, "SRTP failures at receivers", String.valueOf(t.srtpFailures()));
        row(out, "delivery (stamp counters)", t.deliveryReceived() + " of " + t.deliveryExpected() + " ("
                + t.deliveryLost() + " missing)" + (setup.simulcastLayers() > 0 ? ", audio only (simulcast)" : ""));
        row(out, "latency all p50/p95/p99/max", lat(t.all()));
        row(out, "latency video", lat(t.video()));
        row(out, "latency audio", lat(t.audio()));
        row(out, "tool loop lag p50/p95/p99/max", lat(t.loopLag()).replace("packets", "probes") + ", "
                + setup.toolEventLoops() + " loops; video " + (setup.pacedVideo() ? "paced" : "not paced")
                + (setup.audio() ? "" : ", no audio"));
        row(out, "time to first frame p50/p95/max", t.firstFrameP50Millis() + " / " + t.firstFrameP95Millis()
                + " / " + t.firstFrameMaxMillis() + " ms (" + t.firstFrameCount() + " video subscriptions)");
        row(out, "video subscriptions by width", String.valueOf(t.videoLayerWidths()));
        row(out, "PLIs to publishers, keyframes", t.plisToPublishers() + " (server sent " + t.serverPlisSent()
                + "), " + t.keyframesSent());
        row(out, "NACKed packets (server count)", String.valueOf(t.nacks()));
        row(out, "server CPU", String.format("%.2f s (%.1f %% of one core), %.2f us per datagram sent",
                t.serverCpuSeconds(), t.serverCpuPercent(), t.serverCpuMicrosPerPacketSent()));
        row(out, "server datagrams out / in", t.serverPacketsSent() + " / " + t.serverPacketsReceived());
        row(out, "server heap start/end/max", t.serverHeapStartMb() + " / " + t.serverHeapEndMb() + " / "
                + t.serverHeapMaxMb() + " MB");
        row(out, "server drops (not keyframe waits)", String.valueOf(t.serverDrops()));
        row(out, "signaling errors", t.signalingErrors() + (t.lastError() == null ? "" : " (last: "
                + t.lastError() + ")"));
        row(out, "stalls (silent >= " + setup.stallSeconds() + " s)", t.stalls() + " on " + t.stalledSubscriptions()
                + " subscriptions, " + t.stalledMillis() + " ms stalled in all");
        for (int i = 0; i < t.stalled().size() && i < MAX_STALL_ROWS; i++) {
            Stall st = t.stalled().get(i);
            row(out, "  stalled " + st.subscriber() + " mid " + st.mid(), st.kind() + " of " + st.publisher() + ": "
                    + st.stalls() + " stalls, " + st.stalledMillis() + " ms" + (st.stalledAtEnd() ? ", at the end" : ""));
        }
        if (t.stalled().size() > MAX_STALL_ROWS) {
            row(out, "  ...", (t.stalled().size() - MAX_STALL_ROWS) + " more in the JSON");
        }
        if (churning) {
            Churn c = t.churn();
            row(out, "churn (" + c.perMinute() + " per minute)", c.leaves() + " left, " + c.joins() + " joined, "
                    + c.joinFailures() + " join failures, " + c.stillJoining() + " still joining at the end"
                    + (c.lastError() == null ? "" : " (last: " + c.lastError() + ")"));
            row(out, "churn first packet p50/p99/max", c.firstPacketP50Millis() + " / "
                    + c.firstPacketP99Millis() + " / " + c.firstPacketMaxMillis() + " ms (" + c.firstPacketCount()
                    + " newcomers, from the start of the join)");
            row(out, "churn first frame p50/p99/max", c.firstFrameP50Millis() + " / "
                    + c.firstFrameP99Millis() + " / " + c.firstFrameMaxMillis() + " ms (" + c.firstFrameCount()
                    + " newcomers, " + c.withoutFrame() + " without a frame)");
            row(out, "churn delivery (leavers)", c.departedDeliveryReceived() + " of "
                    + c.departedDeliveryExpected() + " (" + (c.departedDeliveryExpected()
                    - c.departedDeliveryReceived()) + " missing, first to last packet seen)");
        }
        row(out, "result", t.problems().isEmpty() ? "PASS" : "FAIL: " + String.join("; ", t.problems()));
    }

    private static void row(PrintStream out, String name, String value) {
        out.printf("  %-34s %s%n", name, value);
    }

    private static String lat(Latency l) {
        return l.p50Micros() + " / " + l.p95Micros() + " / " + l.p99Micros() + " / " + l.maxMicros() + " us ("
                + l.count() + " packets)";
    }

    private static String mbit(long bits, int seconds) {
        return String.format("%.2f", bits / 1e6 / Math.max(1, seconds));
    }
}
