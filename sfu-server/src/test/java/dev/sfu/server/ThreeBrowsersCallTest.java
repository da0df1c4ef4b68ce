package dev.sfu.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three headless Chromium participants join one room through the server: each must decode video from both
 * others at the frame size the sender sends and receive their audio; one leaves,
 * the others see it leave, and the server's room shows two participants. Media stays on 127.0.0.1 (the server answers ICE only from loopback).
 */
class ThreeBrowsersCallTest {
    @RegisterExtension
    static final RunningServer SERVER = RunningServer.loopback();

    @Test
    void threeBrowsersSeeAndHearEachOther() throws Exception {
        JsonNode result = SERVER.runScript("three-party.mjs", 150,
                "--room", "e2e-three",
                // One encoding each: the first call proves plain forwarding at the sender's exact frame
                // size; simulcast has its own test (and three encoders per page would load 2 cores).
                "--simulcast", "0");
        assertEveryoneSeesAndHearsEveryone(result);
    }

    /**
     * The checks of a three-party run (also with Firefox participants): no failure; each of three receivers
     * decodes both others' video at the size sent and receives and decodes their audio; after C left, A and B
     * each see one remote participant and the server's room has two.
     */
    static void assertEveryoneSeesAndHearsEveryone(JsonNode result) {
        assertTrue(result.path("failures").isArray(), "the script reports its failures: " + result);
        ScriptSteps.assertNoFailures(result);
        assertTrue(result.path("ok").asBoolean(), "three-party run not ok");

        JsonNode receivers = result.path("receivers");
        assertEquals(3, receivers.size(), "three receivers measured: " + receivers);
        for (Iterator<Map.Entry<String, JsonNode>> it = receivers.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> receiver = it.next();
            assertEquals(2, receiver.getValue().size(), receiver.getKey() + " receives from both others");
            for (Iterator<Map.Entry<String, JsonNode>> senders = receiver.getValue().fields(); senders.hasNext(); ) {
                Map.Entry<String, JsonNode> sender = senders.next();
                String pair = receiver.getKey() + " <- " + sender.getKey() + ": " + sender.getValue();
                JsonNode video = sender.getValue().path("video");
                JsonNode audio = sender.getValue().path("audio");
                assertTrue(video.path("framesDecodedDelta").asInt() > 0, "video decoding goes on, " + pair);
                assertTrue(video.path("frameWidth").asInt() > 0, pair);
                assertEquals(video.path("senderFrameWidth").asInt(), video.path("frameWidth").asInt(), pair);
                assertEquals(video.path("senderFrameHeight").asInt(), video.path("frameHeight").asInt(), pair);
                assertTrue(audio.path("packetsReceivedDelta").asInt() > 0, "audio arrives, " + pair);
                assertTrue(audio.path("totalSamplesReceivedDelta").asLong() > 0, "audio is decoded, " + pair);
            }
        }
        for (String stayer : new String[] {"A", "B"}) {
            JsonNode after = result.path("afterLeave").path(stayer);
            assertEquals(1, after.path("remoteParticipants").size(), stayer + " sees C leave: " + after);
        }
        assertEquals(2, result.path("restParticipants").asInt(), "the server's room after one left");
    }
}
