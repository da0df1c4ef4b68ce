package dev.sfu.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Short runs of the load tool against a server in this JVM: over a clean path everything sent arrives intact;
 * through a relay that drops and damages packets the report shows it. Assertions are on counts, never on
 * timings.
 */
class LoadRunTest {
    private static LoadOptions options(int subscribers, int seconds) {
        return options(subscribers, seconds, 0, "auto");
    }

    private static LoadOptions options(int subscribers, int seconds, int layers, String quality) {
        return new LoadOptions(LoadOptions.defaults().url(), true, 1, 1, subscribers, seconds, 1, 500, 20, layers,
                quality, null, true, 4);
    }

    @Test
    void cleanPathDeliversEverythingSentWithLatencyFigures(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        Report report = new LoadRun(options(2, 3), new PrintStream(progress, true, StandardCharsets.UTF_8)).run();
        Report.Totals t = report.totals();

        assertEquals(3, t.participantsConnected(), "publisher and two subscribers: " + progress);
        assertEquals(0, t.joinFailures());
        assertEquals(3, report.perSecond().size());
        assertTrue(t.sentPackets() > 0 && t.receivedPackets() > 0, "media flowed: " + t);
        assertEquals(0, t.lostPackets(), "no sequence gaps: " + t);
        assertEquals(0, t.corruptPackets());
        assertEquals(0, t.srtpFailures());
        assertTrue(t.deliveryExpected() > 0);
        assertEquals(t.deliveryExpected(), t.deliveryReceived(), "every stamped packet sent reached each subscriber");
        assertEquals(0, t.deliveryLost());
        assertTrue(t.all().count() > 0 && t.all().p50Micros() >= 0 && t.all().p99Micros() >= t.all().p50Micros(),
                "latency percentiles from the stamps: " + t.all());
        assertTrue(t.video().count() > 0 && t.audio().count() > 0);
        assertEquals(2, t.firstFrameCount(), "a first video frame per subscription");
        assertTrue(t.serverPacketsSent() > 0 && t.serverCpuSeconds() > 0, "server figures from /metrics: " + t);
        assertTrue(t.serverHeapEndMb() > 0);

        Path json = dir.resolve("report.json");
        report.writeJson(json);
        JsonNode read = new ObjectMapper().readTree(Files.readString(json));
        assertEquals(t.receivedPackets(), read.path("totals").path("receivedPackets").asLong());
        assertEquals(3, read.path("perSecond").size());
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        report.printTable(new PrintStream(table, true, StandardCharsets.UTF_8), true);
        assertTrue(table.toString(StandardCharsets.UTF_8).contains("latency video"));
    }

    @Test
    void simulcastPublishersAndSubscribersAskingForTheLowLayerGetIt() throws Exception {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        Report report = new LoadRun(options(2, 3, 3, "low"), new PrintStream(progress, true,
                StandardCharsets.UTF_8)).run();
        Report.Totals t = report.totals();

        assertEquals(3, t.participantsConnected(), "publisher and two subscribers: " + progress);
        assertEquals(Map.of(320, 2), t.videoLayerWidths(), "both subscribers ended on the 320-wide layer: " + t);
        assertEquals(0, t.lostPackets(), "no sequence gaps: " + t);
        assertEquals(0, t.corruptPackets());
        assertEquals(t.deliveryExpected(), t.deliveryReceived(), "all audio arrived");
        assertTrue(t.video().count() > 0, "video flowed: " + t);
        assertEquals(3, report.setup().simulcastLayers());
    }

    @Test
    void relayThatDropsAndCorruptsPacketsShowsUpAsLossAndFailures() throws Exception {
        try (UdpRelay relay = new UdpRelay(0.05, 0.03)) {
            Report report = new LoadRun(options(2, 3), new PrintStream(new ByteArrayOutputStream(), true,
                    StandardCharsets.UTF_8), relay::rewriteAnswer, Map.of()).run();
            Report.Totals t = report.totals();

            assertEquals(3, t.participantsConnected(), "joined through the relay: " + t.lastError());
            assertTrue(relay.dropped.get() > 0 && relay.corrupted.get() > 0, "the relay did its damage");
            assertTrue(t.lostPackets() > 0, "gaps from dropped packets: " + t);
            assertTrue(t.lossPercent() > 0);
            assertTrue(t.deliveryLost() > 0, "stamp counters miss the dropped and damaged packets: " + t);
            assertTrue(t.srtpFailures() > 0, "damaged packets fail authentication: " + t);
            assertTrue(t.deliveryExpected() > t.deliveryReceived());
        }
    }
}
