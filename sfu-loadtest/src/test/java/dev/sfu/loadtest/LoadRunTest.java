package dev.sfu.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Short runs of the load tool against a server in this JVM: over a clean path everything sent arrives intact
 * (paced as a browser, and in bursts); through a relay that drops and damages packets, or stops forwarding to a
 * subscriber for a while, the report shows it and the run fails. Assertions are on counts, never on timings.
 */
class LoadRunTest {
    private static LoadOptions options(int subscribers, int seconds) {
        return options(subscribers, seconds, 0, "auto");
    }

    private static LoadOptions options(int subscribers, int seconds, int layers, String quality) {
        return options(subscribers, seconds, layers, quality, true);
    }

    private static LoadOptions options(int subscribers, int seconds, int layers, String quality, boolean pacing) {
        return new LoadOptions(LoadOptions.defaults().url(), true, 1, 1, subscribers, seconds, 1, 500, 20, layers,
                quality, null, true, 4, pacing, 2, true);
    }

    @Test
    void cleanPathDeliversEverythingSentWithLatencyFigures(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        Report report = new LoadRun(options(2, 3), new PrintStream(progress, true, StandardCharsets.UTF_8)).run();
        Report.Totals t = report.totals();
        Report.Latency all = t.latency().all();
        List<Report.Stall> stalled = t.stalls().bySubscription();

        assertEquals(3, t.participants().connected(), "publisher and two subscribers: " + progress);
        assertEquals(0, t.participants().joinFailures());
        assertEquals(3, report.perSecond().size());
        assertTrue(t.traffic().sentPackets() > 0 && t.traffic().receivedPackets() > 0, "media flowed: " + t);
        assertEquals(0, t.traffic().lostPackets(), "no sequence gaps: " + t);
        assertEquals(0, t.traffic().corruptPackets());
        assertEquals(0, t.traffic().srtpFailures());
        assertTrue(t.delivery().expected() > 0);
        assertEquals(t.delivery().expected(), t.delivery().received(),
                "every stamped packet sent reached each subscriber");
        assertEquals(0, t.delivery().lost());
        assertTrue(all.count() > 0 && all.p50Micros() >= 0 && all.p99Micros() >= all.p50Micros(),
                "latency percentiles from the stamps: " + all);
        assertTrue(t.latency().video().count() > 0 && t.latency().audio().count() > 0);
        assertEquals(2, t.firstFrame().count(), "a first video frame per subscription");
        assertTrue(t.server().packetsSent() > 0 && t.server().cpuSeconds() > 0, "server figures from /metrics: " + t);
        assertTrue(t.server().heapEndMb() > 0);
        assertTrue(report.setup().pacedVideo(), "paced like a browser by default");
        assertEquals(0, t.stalls().events(), "no stalls: " + stalled);
        assertEquals(0, t.stalls().subscriptions());
        assertTrue(t.loopLag().count() > 0, "the tool's loops were probed: " + t.loopLag());
        assertTrue(report.perSecond().stream().allMatch(s -> s.stalledSubscriptions() == 0 && s.loopLagMaxMicros() >= 0));
        assertEquals(List.of(), t.problems());
        assertEquals(0, report.exitStatus());

        Path json = dir.resolve("report.json");
        report.writeJson(json);
        JsonNode read = new ObjectMapper().readTree(Files.readString(json));
        assertEquals(t.traffic().receivedPackets(), read.path("totals").path("receivedPackets").asLong());
        assertEquals(3, read.path("perSecond").size());
        assertEquals(0, read.path("totals").path("stalls").asInt(-1));
        assertTrue(read.path("perSecond").get(0).has("loopLagP99Micros"));
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        report.printTable(new PrintStream(table, true, StandardCharsets.UTF_8), true);
        String text = table.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("latency video") && text.contains("tool loop lag") && text.contains("PASS"), text);
    }

    @Test
    void churnReplacesSubscribersWhileMediaFlowsAndNothingIsCountedLostOrStalled(@TempDir Path dir)
            throws Exception {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        // one replacement every 2 s over a 5 s window: at 2 s and 4 s
        LoadOptions churning = LoadOptions.parse("--embedded", "--subscribers", "2", "--duration", "5",
                "--warmup", "1", "--video-kbps", "500", "--fps", "20", "--join-concurrency", "4", "--churn", "30");
        Report report = new LoadRun(churning, new PrintStream(progress, true, StandardCharsets.UTF_8)).run();
        Report.Totals t = report.totals();
        List<Report.Stall> stalled = t.stalls().bySubscription();
        Report.Churn c = t.churn();

        assertEquals(30, report.setup().churnPerMinute());
        assertTrue(c.leaves() >= 1 && c.leaves() <= 3, "replacements on schedule: " + c + "\n" + progress);
        assertEquals(c.leaves(), c.joins(), "every leaver replaced: " + c);
        assertEquals(0, c.joinFailures(), "churn joins: " + c.lastError());
        assertEquals(0, c.stillJoining());
        assertEquals(3, t.participants().connected(), "still a publisher and two subscribers at the end");
        assertEquals(c.joins(), c.firstFrame().count() + c.withoutFrame(), "each newcomer's first frame or none");
        assertTrue(c.firstFrame().count() >= 1 && c.firstFrame().p50Millis() >= 0 && c.firstPacket().count() >= 1,
                "" + c);
        assertTrue(c.departedDeliveryExpected() > 0, "the leavers had received media: " + c);
        assertEquals(c.departedDeliveryExpected(), c.departedDeliveryReceived(), "a leave loses nothing: " + c);
        assertEquals(0, t.traffic().lostPackets(), "no sequence gaps: " + t);
        assertEquals(0, t.traffic().corruptPackets());
        assertEquals(t.delivery().expected(), t.delivery().received(), "leavers and newcomers delivered in full");
        assertEquals(0, t.stalls().events(), "a leave is not a stall, a join's first second neither: " + stalled);
        assertTrue(report.perSecond().stream().allMatch(s -> s.receivedPackets() >= 0 && s.lostPackets() == 0),
                "sums never drop when a subscriber leaves: " + progress);
        assertTrue(report.perSecond().stream().mapToInt(Report.Second::churnLeaves).sum() <= c.leaves());
        assertEquals(List.of(), t.problems());
        assertEquals(0, report.exitStatus());

        Path json = dir.resolve("churn.json");
        report.writeJson(json);
        JsonNode read = new ObjectMapper().readTree(Files.readString(json));
        assertEquals(c.joins(), read.path("totals").path("churn").path("joins").asInt(-1));
        assertTrue(read.path("perSecond").get(0).has("churnLeaves"));
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        report.printTable(new PrintStream(table, true, StandardCharsets.UTF_8), true);
        String text = table.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("churn (30 per minute)") && text.contains("first frame") && text.contains("PASS"),
                text);
    }

    @Test
    void unpacedPublisherBurstsFramesAndEverythingStillArrives() throws Exception {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        Report report = new LoadRun(options(2, 2, 0, "auto", false), new PrintStream(progress, true,
                StandardCharsets.UTF_8)).run();
        Report.Totals t = report.totals();

        assertEquals(3, t.participants().connected(), "publisher and two subscribers: " + progress);
        assertFalse(report.setup().pacedVideo());
        assertTrue(t.latency().video().count() > 0, "video flowed: " + t);
        assertEquals(0, t.traffic().lostPackets());
        assertEquals(t.delivery().expected(), t.delivery().received());
        assertEquals(0, report.exitStatus(), "problems: " + t.problems());
    }

    @Test
    void videoOnlyPublishersSendNoAudioAndTheirVideoAllArrives() throws Exception {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        LoadOptions videoOnly = LoadOptions.parse("--embedded", "--subscribers", "2", "--duration", "2",
                "--warmup", "1", "--video-kbps", "500", "--fps", "20", "--no-audio", "--quiet");
        Report report = new LoadRun(videoOnly, new PrintStream(progress, true, StandardCharsets.UTF_8)).run();
        Report.Totals t = report.totals();

        assertEquals(3, t.participants().connected(), "publisher and two subscribers: " + progress);
        assertFalse(report.setup().audio());
        assertEquals(0, t.latency().audio().count(), "no audio packet arrived: " + t);
        assertTrue(t.latency().video().count() > 0, "video flowed: " + t);
        assertEquals(t.latency().video().count(), t.latency().all().count(), "every packet measured was video");
        assertEquals(0, t.traffic().lostPackets());
        assertEquals(t.delivery().expected(), t.delivery().received());
        assertEquals(0, report.exitStatus(), "problems: " + t.problems());
    }

    @Test
    void serverThatStopsForwardingToASubscriberShowsAsAStallAndFailsTheRun() throws Exception {
        try (UdpRelay relay = new UdpRelay(0, 0)) {
            List<InetSocketAddress> silenced = new ArrayList<>();
            IntConsumer afterSecond = second -> {
                if (second == 1) {
                    silenced.addAll(relay.stopForwardingTo(1, 4500));
                }
            };
            ByteArrayOutputStream progress = new ByteArrayOutputStream();
            Report report = new LoadRun(options(3, 8), new PrintStream(progress, true, StandardCharsets.UTF_8),
                    relay::rewriteAnswer, Map.of(), afterSecond).run();
            Report.Totals t = report.totals();
            List<Report.Stall> stalled = t.stalls().bySubscription();

            assertEquals(4, t.participants().connected(), "joined through the relay: " + t.signaling().lastError());
            assertEquals(1, silenced.size(), "one subscriber silenced");
            assertTrue(relay.silenced.get() > 0, "the relay held back its media");
            assertEquals(2, t.stalls().subscriptions(), "its audio and its video stalled: " + stalled);
            assertEquals(2, stalled.size());
            assertEquals(1, stalled.stream().map(Report.Stall::subscriber).distinct().count(),
                    "only the silenced subscriber: " + stalled);
            assertEquals(Set.of("audio", "video"), Set.copyOf(stalled.stream().map(Report.Stall::kind).toList()));
            assertTrue(t.stalls().events() >= 2);
            assertTrue(stalled.stream().allMatch(s -> s.stalls() >= 1 && s.stalledMillis() > 0 && s.publisher()
                    .startsWith("pub-")), "each with its time stalled and its publisher: " + stalled);
            assertTrue(report.perSecond().stream().mapToInt(Report.Second::stalls).sum() == t.stalls().events(),
                    "stalls counted in the seconds they began");
            assertTrue(report.perSecond().stream().anyMatch(s -> s.stalledSubscriptions() == 2), progress.toString());
            assertTrue(t.delivery().lost() > 0, "what the relay held back never arrived: " + t);
            assertTrue(t.problems().stream().anyMatch(p -> p.contains("stalls")), "problems: " + t.problems());
            assertEquals(3, report.exitStatus());

            ByteArrayOutputStream table = new ByteArrayOutputStream();
            report.printTable(new PrintStream(table, true, StandardCharsets.UTF_8), true);
            String text = table.toString(StandardCharsets.UTF_8);
            assertTrue(text.contains("stalled " + stalled.get(0).subscriber()) && text.contains("FAIL"), text);
        }
    }

    @Test
    void simulcastPublishersAndSubscribersAskingForTheLowLayerGetIt() throws Exception {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        Report report = new LoadRun(options(2, 3, 3, "low"), new PrintStream(progress, true,
                StandardCharsets.UTF_8)).run();
        Report.Totals t = report.totals();

        assertEquals(3, t.participants().connected(), "publisher and two subscribers: " + progress);
        assertEquals(Map.of(320, 2), t.videoLayerWidths(), "both subscribers ended on the 320-wide layer: " + t);
        assertEquals(0, t.traffic().lostPackets(), "no sequence gaps: " + t);
        assertEquals(0, t.traffic().corruptPackets());
        assertEquals(t.delivery().expected(), t.delivery().received(), "all audio arrived");
        assertTrue(t.latency().video().count() > 0, "video flowed: " + t);
        assertEquals(3, report.setup().simulcastLayers());
    }

    @Test
    void relayThatDropsAndCorruptsPacketsShowsUpAsLossAndFailures() throws Exception {
        try (UdpRelay relay = new UdpRelay(0.05, 0.03)) {
            Report report = new LoadRun(options(2, 3), new PrintStream(new ByteArrayOutputStream(), true,
                    StandardCharsets.UTF_8), relay::rewriteAnswer, Map.of()).run();
            Report.Totals t = report.totals();

            assertEquals(3, t.participants().connected(), "joined through the relay: " + t.signaling().lastError());
            assertTrue(relay.dropped.get() > 0 && relay.corrupted.get() > 0, "the relay did its damage");
            assertTrue(t.traffic().lostPackets() > 0, "gaps from dropped packets: " + t);
            assertTrue(t.traffic().lossPercent() > 0);
            assertTrue(t.delivery().lost() > 0, "stamp counters miss the dropped and damaged packets: " + t);
            assertTrue(t.traffic().srtpFailures() > 0, "damaged packets fail authentication: " + t);
            assertTrue(t.delivery().expected() > t.delivery().received());
            assertEquals(3, report.exitStatus(), "a lossy, damaging path fails the run: " + t.problems());
        }
    }
}
