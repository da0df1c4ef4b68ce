package dev.sfu.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JSON report is an interface (sweep.sh, longrun.sh, summarize.py, plot.py and docs/benchmarks.md read it): the
 * grouped totals and churn times are unwrapped into flat objects whose field names and order are those the
 * reports always had, and each group's figure lands on its own name.
 */
class ReportJsonTest {
    private static final List<String> TOTALS = List.of("participantsConnected", "joinFailures", "sentPackets",
            "sentBits", "receivedPackets", "receivedBits", "lostPackets", "lossPercent", "corruptPackets",
            "srtpFailures", "unknownSsrcPackets", "deliveryExpected", "deliveryReceived", "deliveryLost", "audio",
            "video", "all", "firstFrameP50Millis", "firstFrameP95Millis", "firstFrameMaxMillis", "firstFrameCount",
            "plisToPublishers", "serverPlisSent", "keyframesSent", "nacks", "serverCpuSeconds", "serverPacketsSent",
            "serverPacketsReceived", "serverCpuMicrosPerPacketSent", "serverCpuPercent", "serverHeapStartMb",
            "serverHeapEndMb", "serverHeapMaxMb", "serverDrops", "signalingErrors", "lastError", "videoLayerWidths",
            "stalls", "stalledSubscriptions", "stalledMillis", "stalled", "loopLag", "problems", "churn", "data");
    private static final List<String> CHURN = List.of("perMinute", "leaves", "joins", "joinFailures",
            "stillJoining", "firstPacketP50Millis", "firstPacketP99Millis", "firstPacketMaxMillis",
            "firstPacketCount", "firstFrameP50Millis", "firstFrameP99Millis", "firstFrameMaxMillis",
            "firstFrameCount", "withoutFrame", "departedDeliveryExpected", "departedDeliveryReceived", "lastError");

    @Test
    void totalsAndChurnAreFlatWithTheirReportNames(@TempDir Path dir) throws Exception {
        Report.Latency latency = new Report.Latency(10, 1, 2, 3, 4);
        Report.Churn churn = new Report.Churn(20, 2, 3, 1, 0, new Report.JoinTimes(150, 450, 460, 3),
                new Report.JoinTimes(200, 500, 510, 2), 1, 1012, 1010, "churn-3: timed out");
        Report.Totals totals = new Report.Totals(new Report.Participants(12, 1),
                new Report.Traffic(100, 8000, 300, 24000, 5, 1.64, 2, 3, 4),
                ReportAssembler.delivery(400, 390), new Report.Latencies(latency, latency, latency),
                new Report.FirstFrame(120, 190, 200, 8), new Report.Repair(9, 8, 7, 6),
                new Report.Server(5.6, 64732, 22144, 86.51, 18.61, 15, 31, 33, 3), new Report.Signaling(2, "oops"),
                Map.of(640, 8), new Report.Stalls(4, 1, 2500,
                        List.of(new Report.Stall("sub-0-0", "1", "video", "pub-0-0", 4, 2500, false))),
                latency, List.of("4 stalls on 1 subscriptions"), churn, ReportAssembler.data(LoadOptions.defaults(),
                        DataTotals.ZERO, DataDelivery.NONE, null, null, DataTraffic.Closed.NONE));
        Report.Setup setup = new Report.Setup("http://127.0.0.1:1", false, 3, 1, 3, 30, 1500, 30, 0, "auto", 2,
                "17", true, 2, 2, true, 20);
        Path json = dir.resolve("report.json");
        new Report(setup, List.of(), totals).writeJson(json);

        JsonNode t = new ObjectMapper().readTree(Files.readString(json)).path("totals");
        assertEquals(TOTALS, names(t));
        assertEquals(CHURN, names(t.path("churn")));
        assertEquals(12, t.path("participantsConnected").asInt());
        assertEquals(1, t.path("joinFailures").asInt());
        assertEquals(10, t.path("deliveryLost").asLong());
        assertEquals(190, t.path("firstFrameP95Millis").asLong());
        assertEquals(8, t.path("firstFrameCount").asInt());
        assertEquals(86.51, t.path("serverCpuMicrosPerPacketSent").asDouble());
        assertEquals(33, t.path("serverHeapMaxMb").asLong());
        assertEquals(3, t.path("serverDrops").asLong());
        assertEquals(2, t.path("signalingErrors").asLong());
        assertEquals("oops", t.path("lastError").asText());
        assertEquals(4, t.path("stalls").asInt());
        assertEquals(1, t.path("stalledSubscriptions").asInt());
        assertEquals(2500, t.path("stalledMillis").asLong());
        assertEquals("sub-0-0", t.path("stalled").get(0).path("subscriber").asText());
        assertEquals(2, t.path("all").path("p95Micros").asLong());
        assertEquals(450, t.path("churn").path("firstPacketP99Millis").asLong());
        assertEquals(2, t.path("churn").path("firstFrameCount").asInt());
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
