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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short run of the load tool with data channels against a server in this JVM: two participants send numbered,
 * checksummed messages beside the media, every participant that reads gets all it is owed intact and in order,
 * and one that stops reading is left out of the check. Assertions are on counts, never on timings.
 */
class DataLoadRunTest {
    @Test
    void everyDataMessageArrivesIntactAndInOrderBesideTheMedia(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        LoadOptions options = LoadOptions.parse("--embedded", "--publishers", "1", "--subscribers", "3",
                "--duration", "3", "--warmup", "1", "--video-kbps", "300", "--fps", "15", "--join-concurrency", "4",
                "--data-rate", "50", "--data-size", "2000", "--data-senders", "2", "--data-stalled", "1");
        Report report = new LoadRun(options, new PrintStream(progress, true, StandardCharsets.UTF_8)).run();
        Report.Totals t = report.totals();
        Report.Data d = t.data();

        assertEquals(4, t.participants().connected(), "publisher and three subscribers, with data: " + progress);
        assertEquals(List.of(), t.problems(), progress.toString());
        assertEquals(0, report.exitStatus());
        assertTrue(d.messagesSent() > 0 && d.messagesReceived() > 0, "data flowed in the window: " + d);
        assertEquals(2, d.sendersPerRoom());
        assertEquals(3, d.receiversChecked(), "everyone but the stalled one: " + d);
        // two senders, each owed to the other two readers and to each other: at least 2 x 2 x 4 s x 50 / 2
        assertTrue(d.deliveryExpected() >= 400, "the whole run's messages: " + d);
        assertEquals(d.deliveryExpected(), d.deliveryReceived(), "every owed message arrived: " + d);
        assertEquals(0, d.corrupt());
        assertEquals(0, d.disordered());
        assertEquals(0, d.refusedBySenders());
        assertTrue(d.serverMessagesIn() > 0 && d.serverMessagesOut() >= d.serverMessagesIn(),
                "the server's sfu_data_* counters: " + d);
        assertTrue(d.serverMessagesOutPerCpuSecond() > 0);
        assertEquals(0, t.traffic().corruptPackets(), "the media beside it too");
        assertEquals(t.delivery().expected(), t.delivery().received());
        assertTrue(report.perSecond().stream().allMatch(s -> s.dataSent() > 0 && s.dataReceived() > 0),
                "per-second data delivery: " + report.perSecond());

        Path json = dir.resolve("report.json");
        report.writeJson(json);
        JsonNode read = new ObjectMapper().readTree(Files.readString(json));
        assertEquals(d.deliveryReceived(), read.path("totals").path("data").path("deliveryReceived").asLong());
        assertTrue(read.path("perSecond").get(0).has("dataReceived"));
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        report.printTable(new PrintStream(table, true, StandardCharsets.UTF_8), true);
        String text = table.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("data delivery (checked)") && text.contains("server data out rate"), text);
    }
}
