package dev.sfu.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LoadOptionsTest {
    @Test
    void parsesEveryKnob() {
        LoadOptions o = LoadOptions.parse("--url", "http://127.0.0.1:9000", "--rooms", "2", "--publishers", "3",
                "--subscribers", "40", "--duration", "30", "--warmup", "5", "--video-kbps", "800", "--fps", "25",
                "--layers", "3", "--quality", "medium", "--join-concurrency", "16", "--json", "out.json", "--quiet");
        assertEquals("http://127.0.0.1:9000", o.url().toString());
        assertEquals(2, o.rooms());
        assertEquals(3, o.publishers());
        assertEquals(40, o.subscribers());
        assertEquals(30, o.durationSeconds());
        assertEquals(5, o.warmupSeconds());
        assertEquals(800, o.videoKbps());
        assertEquals(25, o.fps());
        assertEquals(3, o.layers());
        assertEquals("medium", o.quality());
        assertEquals(0, LoadOptions.parse().layers());
        assertEquals("auto", LoadOptions.parse().quality());
        assertEquals(16, o.joinConcurrency());
        assertEquals(Path.of("out.json"), o.json());
        assertFalse(o.perSecond());
        assertFalse(o.embedded());
        assertTrue(LoadOptions.parse("--embedded").embedded());
        assertTrue(o.pacing(), "paced like a browser unless told otherwise");
        assertFalse(LoadOptions.parse("--no-pacing").pacing());
        assertTrue(LoadOptions.parse("--no-pacing", "--pacing").pacing());
        assertEquals(2, o.stallSeconds());
        assertEquals(5, LoadOptions.parse("--stall-seconds", "5").stallSeconds());
        assertTrue(o.audio(), "publishers send audio unless told otherwise");
        assertFalse(LoadOptions.parse("--no-audio").audio());
        assertEquals(0, o.churnPerMinute(), "no churn unless told");
        assertEquals(20, LoadOptions.parse("--churn", "20").churnPerMinute());
        assertFalse(o.dataEnabled(), "no data channels unless a rate is given");
        LoadOptions data = LoadOptions.parse("--data-rate", "200", "--data-size", "16384", "--data-senders", "4",
                "--data-stalled", "1");
        assertTrue(data.dataEnabled());
        assertEquals(200, data.dataRate());
        assertEquals(16384, data.dataSize());
        assertEquals(4, data.dataSenders());
        assertEquals(1, data.dataStalled());
        assertEquals(100, o.dataSize());
        assertEquals(1, o.dataSenders());
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--rooms", "0"));
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--subscribers", "many"));
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--duration"));
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--layers", "4"));
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--quality", "best"));
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--bogus", "1"));
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--stall-seconds", "0"));
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--churn", "-1"));
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--data-size", "15"),
                "shorter than the sender, number and checksum");
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--data-size", "1048577"));
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--data-rate", "-1"));
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--subscribers", "2",
                "--data-stalled", "3"));
    }

    @Test
    void publisherFramesFollowTheBitrate() {
        var config = Participants.publisherConfig("p", 1, 1500, 30);
        assertEquals(1_500_000 / 8 / 30, config.deltaFrameBytes());
        assertTrue(config.keyframeBytes() > config.deltaFrameBytes());
    }
}
