package dev.sfu.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * H.264 end to end in Chromium: a publisher restricted to H.264 (packetization-mode 1, constrained baseline
 * 42e01f, as Safari sends it) sends three simulcast layers; viewers decode H.264 at the width of the layer they
 * asked for, and a viewer switching low -> high -> low decodes at the new width after each switch. A viewer that
 * cannot decode H.264 (its video transceiver restricted to VP8) is told so with {@code trackUnsupported} and its
 * tile says it, while the publisher's audio still plays.
 */
class H264BrowserTest {
    @RegisterExtension
    static final RunningServer SERVER = RunningServer.loopback();

    @Test
    void h264SimulcastReachesViewersAndSwitchesLayers() throws Exception {
        JsonNode result = SERVER.runScript("h264.mjs", 250);
        ScriptSteps.assertNoFailures(result);
        JsonNode steps = result.path("steps");
        ScriptSteps.assertAllOk(steps);
        JsonNode layers = steps.path("publisherSendsThreeH264Layers").path("detail");
        assertEquals(3, layers.size(), "layers: " + layers);
        for (JsonNode layer : layers) {
            assertEquals("video/H264", layer.path("mimeType").asText(), "layer: " + layer);
        }
        JsonNode high = steps.path("highViewerDecodesH264At1280").path("detail");
        assertEquals("video/H264", high.path("mimeType").asText());
        assertEquals(1280, high.path("frameWidth").asInt());
        JsonNode low = steps.path("lowViewerDecodesH264At320").path("detail");
        assertEquals("video/H264", low.path("mimeType").asText());
        assertEquals(320, low.path("frameWidth").asInt());
        assertEquals(1280, steps.path("switch1Tohigh").path("detail").path("frameWidth").asInt());
        assertEquals(320, steps.path("switch2Tolow").path("detail").path("frameWidth").asInt());
        assertEquals("video/H264", steps.path("switch2Tolow").path("detail").path("mimeType").asText());
    }

    @Test
    void aViewerWithoutH264IsToldWhyTheTileHasNoVideo() throws Exception {
        JsonNode result = SERVER.runScript("codec-mismatch.mjs", 140);
        ScriptSteps.assertNoFailures(result);
        JsonNode steps = result.path("steps");
        JsonNode message = steps.path("viewerToldTrackUnsupported").path("detail").path("messages").path(0);
        assertEquals("H264", message.path("codec").asText(), "message: " + message);
        assertEquals("video", message.path("kind").asText());
        assertEquals("VP8", message.path("offeredCodecs").path(0).asText());
        assertEquals("Can't play H.264 video in this browser",
                steps.path("tileSaysItCannotPlayH264").path("detail").path("notice").asText());
        assertEquals("inactive",
                steps.path("videoLineInactiveNothingReceived").path("detail").path("currentDirection").asText());
        assertTrue(steps.path("audioStillPlays").path("detail").path("packetsReceived").asInt() > 50);
    }
}
